/**
 * An in-memory Amazon CodeCatalyst for tests: {@link io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient}
 * and its async form, {@link io.wflaunch.testkit.codecatalyst.CodeCatalystRunScript} for how runs unfold,
 * {@link io.wflaunch.testkit.codecatalyst.LocalCodeCatalystServer} (the fake over real HTTP, for
 * wire-level tests), the chaos layer's profile of CodeCatalyst
 * ({@link io.wflaunch.testkit.codecatalyst.CodeCatalystChaos}) and the fake of the {@code codecatalyst}
 * backend type ({@link io.wflaunch.testkit.codecatalyst.CodeCatalystFakes}). The CodeCatalyst SDK module
 * comes with this module.
 */
package io.wflaunch.testkit.codecatalyst;
