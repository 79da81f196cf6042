/** A local HTTP server with canned answers, for wire-level tests: {@link io.wflaunch.testkit.http.StubHttpServer}. */
package io.wflaunch.testkit.http;
