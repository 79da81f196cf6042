/**
 * An in-memory Amazon SWF for tests: {@link io.wflaunch.testkit.swf.FakeSwfClient} and its async form,
 * {@link io.wflaunch.testkit.swf.SwfRunScript} for how executions unfold, the chaos layer's profile of
 * SWF ({@link io.wflaunch.testkit.swf.SwfChaos}) and the fake of the {@code swf} backend type
 * ({@link io.wflaunch.testkit.swf.SwfFakes}). The SWF SDK module comes with this module.
 */
package io.wflaunch.testkit.swf;
