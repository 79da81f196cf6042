package io.wflaunch.examples.spring;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts runs and reads their status through the application's one {@link WorkflowLauncher}. */
@RestController
public class RunsController {

  private final WorkflowLauncher launcher;

  /**
   * The controller over the starter's launcher.
   *
   * @param launcher the launcher
   */
  public RunsController(WorkflowLauncher launcher) {
    this.launcher = launcher;
  }

  /**
   * What a start asks for.
   *
   * @param target the workflow, such as {@code glue:nightly-etl}
   * @param idempotencyKey the key that makes a repeated request return the same run, or null
   * @param parameters the run's parameters, in order, or null
   */
  public record StartBody(String target, String idempotencyKey, Map<String, String> parameters) { }

  /**
   * Starts a run (or, with a key already used, returns the run the key started).
   *
   * @param body the request
   * @return 201 with the run's handle, and its status address (the handle URL-encoded, as a handle may
   *     hold {@code +}) in {@code Location} and {@code status}
   */
  @PostMapping("/runs")
  public ResponseEntity<Map<String, String>> start(@RequestBody StartBody body) {
    if (body.target() == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "invalid", "message", "field 'target' is required"));
    }
    // The launcher checks the target against its backend as part of the start, before sending anything.
    StartRunRequest.Builder request = StartRunRequest.builder(WorkflowTarget.parse(body.target()));
    if (body.idempotencyKey() != null) {
      request.idempotencyKey(body.idempotencyKey());
    }
    if (body.parameters() != null) {
      body.parameters().forEach(request::parameter);
    }
    RunHandle run = launcher.start(request.build());
    String status = "/runs?handle=" + URLEncoder.encode(run.toString(), StandardCharsets.UTF_8);
    Map<String, String> created = new LinkedHashMap<>();
    created.put("handle", run.toString());
    created.put("status", status);
    return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(status)).body(created);
  }

  /**
   * The status of a run.
   *
   * @param handle the run's handle, as the start returned it, URL-encoded (a {@code +} left as it is
   *     also works)
   * @return its state, raw status and times
   */
  @GetMapping("/runs")
  public Map<String, Object> status(@RequestParam("handle") String handle) {
    // A query string reads a raw '+' as a space. A handle's text never holds a space (it is
    // percent-encoded), so a space here is a '+' of a handle pasted into the URL as it is.
    RunStatus status = launcher.getRun(launcher.parseHandle(handle.replace(' ', '+')));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("handle", status.handle().toString());
    body.put("state", status.state().name());
    body.put("rawStatus", status.rawStatus());
    status.startedAt().ifPresent(at -> body.put("startedAt", at.toString()));
    status.endedAt().ifPresent(at -> body.put("endedAt", at.toString()));
    return body;
  }

  /**
   * A launcher failure as an HTTP answer: the status says whose fault it is, the body says whether a
   * run may exist.
   *
   * @param failure the failure
   * @return the answer
   */
  @ExceptionHandler(WorkflowLaunchException.class)
  public ResponseEntity<Map<String, Object>> failed(WorkflowLaunchException failure) {
    HttpStatus status;
    if (failure instanceof InvalidRequestException) {
      status = HttpStatus.BAD_REQUEST;
    } else if (failure instanceof RunNotFoundException || failure instanceof WorkflowNotFoundException) {
      status = HttpStatus.NOT_FOUND;
    } else if (failure instanceof ConflictException) {
      status = HttpStatus.CONFLICT;
    } else if (failure instanceof ThrottledException) {
      status = HttpStatus.TOO_MANY_REQUESTS;
    } else if (failure instanceof ConfigurationException) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    } else {
      status = HttpStatus.BAD_GATEWAY;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", io.wflaunch.spi.observe.LaunchObserver.kindOf(failure));
    body.put("message", failure.getMessage());
    body.put("retryable", failure.retryable());
    body.put("runMayExist", failure.outcomeUnknown());
    return ResponseEntity.status(status).body(body);
  }
}
