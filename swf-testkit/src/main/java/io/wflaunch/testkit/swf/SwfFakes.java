package io.wflaunch.testkit.swf;

import io.wflaunch.RunState;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.FakeBackend;
import io.wflaunch.spi.FakeBackendProvider;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.FakeBackends;
import java.time.Duration;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The fake of the {@code swf} type: the SWF adapter (found through its provider, so
 * {@code io.wflaunch:wflaunch-swf-adapter} must be on the class path) over a {@link FakeSwfClient} whose
 * cancellations take one second. A defined target is a registered workflow type whose executions
 * complete, or fail with the reason.
 */
public final class SwfFakes implements FakeBackendProvider {

  /** The backend type. */
  public static final String TYPE = "swf";

  /** Used by {@link java.util.ServiceLoader}. */
  public SwfFakes() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public FakeBackend create(BackendSettings settings) {
    FakeSwfClient swf = FakeSwfClient.create(settings.clock()).cancelDelay(Duration.ofSeconds(1));
    WorkflowBackend backend = FakeBackends.adapter(TYPE, "wflaunch-swf-adapter").create(
        BackendSettings.builder(settings.id()).clock(settings.clock())
            .component(SwfClient.class, swf)
            .component(SwfAsyncClient.class, swf.asyncClient())
            .build());
    return new Fake(settings.id(), swf, backend);
  }

  private record Fake(String id, FakeSwfClient swf, WorkflowBackend backend) implements FakeBackend {

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
      return type.isInstance(swf) ? java.util.Optional.of(type.cast(swf)) : java.util.Optional.empty();
    }

    @Override
    public void define(WorkflowTarget target, Runs runs) {
      WorkflowTarget type = backend.parseTarget(target);
      String domain = type.part(0);
      String name = type.part(1);
      String version = type.part(2);
      if (!swf.hasWorkflowType(domain, name, version)) {
        swf.addWorkflowType(domain, name, version, runs.failure()
            .map(reason -> SwfRunScript.failsAfter(runs.runTime(), reason))
            .orElseGet(() -> SwfRunScript.completesAfter(runs.runTime())));
      }
    }

    /**
     * The demo's settlement request, without the SWF options (task list, tags) of the adapter, which
     * this module does not depend on.
     */
    @Override
    public StartRunRequest sampleRequest() {
      return StartRunRequest.builder(WorkflowTarget.of(id, "payments", "Settle", "1.0"))
          .parameter("orderId", "4711").idempotencyKey("settle-order-4711").build();
    }

    /** SWF keeps one open execution per domain and workflowId, whatever its type. */
    @Override
    public java.util.Optional<String> openRunKey(io.wflaunch.RunHandle handle) {
      return java.util.Optional.of(handle.part(0) + "/" + handle.part(1));
    }

    @Override
    public String rawStatus(RunState state) {
      return FakeBackends.rawStatus(state, "OPEN", "COMPLETED", "FAILED", "CANCELED");
    }

    @Override
    public void close() {
      backend.close();
      swf.close();
    }
  }
}
