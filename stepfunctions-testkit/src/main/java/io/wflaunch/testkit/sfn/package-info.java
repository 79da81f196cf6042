/**
 * An in-memory AWS Step Functions for tests: {@link io.wflaunch.testkit.sfn.FakeSfnClient}, its async
 * form, and {@link io.wflaunch.testkit.sfn.SfnRunScript} for how executions unfold. Needs
 * {@code software.amazon.awssdk:sfn} on the test class path.
 */
package io.wflaunch.testkit.sfn;
