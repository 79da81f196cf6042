package io.wflaunch.emrserverless;

import io.wflaunch.testkit.WorkflowBackendContract;
import io.wflaunch.testkit.emrserverless.FakeEmrServerlessClient;
import java.time.Clock;

class EmrServerlessBackendContractTest extends WorkflowBackendContract {

  static final EmrServerlessOptions DEFAULTS = EmrServerlessOptions.builder()
      .executionRoleArn("arn:aws:iam::123456789012:role/emr-job").sparkSubmit("s3://bucket/jobs/main.py").build();

  @Override
  protected Fixture createFixture(Clock clock) {
    FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(clock);
    return new Fixture(EmrServerlessBackend.builder(emr).defaults(DEFAULTS).clock(clock).build(), emr);
  }
}
