/** JMH benchmarks of wflaunch against the raw AWS SDK, over canned in-process HTTP. */
package io.wflaunch.benchmarks;
