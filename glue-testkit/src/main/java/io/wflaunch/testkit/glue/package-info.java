/**
 * An in-memory AWS Glue for tests: {@link io.wflaunch.testkit.glue.FakeGlueClient} and its async
 * form. Needs {@code software.amazon.awssdk:glue} on the test class path.
 */
package io.wflaunch.testkit.glue;
