/**
 * An in-memory Amazon CodeCatalyst for tests: {@link io.wflaunch.testkit.codecatalyst.FakeCodeCatalystClient}
 * and its async form. Needs {@code software.amazon.awssdk:codecatalyst} on the test class path.
 */
package io.wflaunch.testkit.codecatalyst;
