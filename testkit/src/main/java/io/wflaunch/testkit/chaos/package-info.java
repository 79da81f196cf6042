/**
 * A fault-injecting layer below the AWS SDK, for tests of code that must survive lost answers,
 * throttling, server errors and slow or eventually consistent services.
 * {@link io.wflaunch.testkit.chaos.ChaosHttpClient} and {@link io.wflaunch.testkit.chaos.ChaosAsyncHttpClient}
 * wrap a real SDK HTTP client and follow a {@link io.wflaunch.testkit.chaos.ChaosPlan}; a
 * {@link io.wflaunch.testkit.chaos.ServiceProfile} says how the service names its operations and writes
 * its errors; the {@link io.wflaunch.testkit.chaos.ChaosLog} tells what reached the service. Because the
 * faults happen at the HTTP level, the SDK's own retries, timeouts and error parsing are part of every
 * test. Needs {@code software.amazon.awssdk:http-client-spi} and Jackson, which the testkit brings.
 */
package io.wflaunch.testkit.chaos;
