/** Implementation details of the Step Functions adapter; not an API. */
package io.wflaunch.stepfunctions.internal;
