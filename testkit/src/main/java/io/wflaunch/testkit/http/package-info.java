/**
 * Local HTTP servers for wire-level tests: {@link io.wflaunch.testkit.http.StubHttpServer} answers with
 * canned responses, so that a real SDK client of any service can be pointed at it;
 * {@link io.wflaunch.testkit.http.OperationCounter} counts the requests of each operation. A backend's
 * testkit module adds a working local server of its own service over its fake: a
 * {@link io.wflaunch.testkit.http.LocalAwsServer} that answers as {@link io.wflaunch.testkit.http.AwsAnswers}
 * say, reading and writing the SDK's model objects with {@link io.wflaunch.testkit.http.SdkJson}.
 */
package io.wflaunch.testkit.http;
