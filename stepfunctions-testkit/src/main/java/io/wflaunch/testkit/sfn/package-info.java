/**
 * An in-memory AWS Step Functions for tests: {@link io.wflaunch.testkit.sfn.FakeSfnClient}, its async
 * form, {@link io.wflaunch.testkit.sfn.SfnRunScript} for how executions unfold, the chaos layer's profile
 * of Step Functions ({@link io.wflaunch.testkit.sfn.SfnChaos}) and the fake of the {@code sfn} backend
 * type ({@link io.wflaunch.testkit.sfn.SfnFakes}). The Step Functions SDK module comes with this module.
 */
package io.wflaunch.testkit.sfn;
