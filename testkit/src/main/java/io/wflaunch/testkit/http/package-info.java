/**
 * Local HTTP servers for wire-level tests: {@link io.wflaunch.testkit.http.StubHttpServer} answers with
 * canned responses, so that a real SDK client of any service can be pointed at it;
 * {@link io.wflaunch.testkit.http.OperationCounter} counts the requests of each operation. A backend's
 * testkit module may add a working local server of its own service.
 */
package io.wflaunch.testkit.http;
