/**
 * An in-memory AWS Glue for tests: {@link io.wflaunch.testkit.glue.FakeGlueClient} and its async form,
 * {@link io.wflaunch.testkit.glue.GlueRunScript} for how runs unfold, the chaos layer's profile of Glue
 * ({@link io.wflaunch.testkit.glue.GlueChaos}) and the fake of the {@code glue} backend type
 * ({@link io.wflaunch.testkit.glue.GlueFakes}). The Glue SDK module comes with this module.
 */
package io.wflaunch.testkit.glue;
