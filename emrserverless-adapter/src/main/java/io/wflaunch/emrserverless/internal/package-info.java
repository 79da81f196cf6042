/** The EMR Serverless adapter's internals: rules, calls, statuses, errors and start primitives. May change without notice. */
package io.wflaunch.emrserverless.internal;
