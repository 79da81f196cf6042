/**
 * An in-memory Amazon SWF for tests: {@link io.wflaunch.testkit.swf.FakeSwfClient} and its async
 * form. Needs {@code software.amazon.awssdk:swf} on the test class path.
 */
package io.wflaunch.testkit.swf;
