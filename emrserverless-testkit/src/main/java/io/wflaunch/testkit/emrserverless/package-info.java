/** The in-memory EMR Serverless service and its fake provider, for tests. */
package io.wflaunch.testkit.emrserverless;
