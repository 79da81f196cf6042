/**
 * What wflaunch's AWS adapters share: how to read the AWS SDK's exceptions, which client-side
 * failures are configuration problems, and how to send a request exactly once. Not an API: anything
 * here may change in any release without notice.
 */
package io.wflaunch.aws.internal;
