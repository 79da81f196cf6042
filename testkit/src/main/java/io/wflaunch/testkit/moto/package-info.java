/** Runs a real moto server for integration tests: {@link io.wflaunch.testkit.moto.MotoServerExtension}. */
package io.wflaunch.testkit.moto;
