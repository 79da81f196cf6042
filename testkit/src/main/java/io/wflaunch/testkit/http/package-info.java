/**
 * Local HTTP servers for wire-level tests: {@link io.wflaunch.testkit.http.StubHttpServer} answers with
 * canned responses; {@link io.wflaunch.testkit.http.LocalCodeCatalystServer} is a working Amazon
 * CodeCatalyst over a {@link io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient} (it needs
 * {@code software.amazon.awssdk:codecatalyst} on the test class path).
 */
package io.wflaunch.testkit.http;
