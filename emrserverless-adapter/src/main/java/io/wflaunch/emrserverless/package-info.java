/** The EMR Serverless backend: translates wflaunch's start, read, stop, list and retry calls into the service's API. */
package io.wflaunch.emrserverless;
