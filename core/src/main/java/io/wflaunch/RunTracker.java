package io.wflaunch;

import java.util.concurrent.CompletableFuture;

/**
 * Waits for many runs at once, cheaply. The launcher owns one tracker
 * ({@link WorkflowLauncher#tracker()}); every {@link WorkflowLauncher#awaitCompletion wait} goes
 * through it. Each backend has one poller that gathers the polls falling due into one batched read
 * (one listing per workflow, see {@link io.wflaunch.spi.WorkflowBackend#readRunsAsync}) and reads one
 * by one only the runs a listing cannot show, all within the backend's request budget
 * ({@link TrackerOptions}). A run's polls follow its {@link WaitOptions}; a run whose poll falls due
 * within half its interval of a read rides along with it, so the runs of one workflow come to be read
 * together.
 * <p>A tracked run holds its handle, its last state and when it is next due, not its last status; no
 * thread is held per run. A run leaves the tracker when it ends, times out, fails, or its future is
 * cancelled.
 */
public interface RunTracker {

  /**
   * Tracks a run until it ends, as {@link WorkflowLauncher#awaitCompletionAsync} describes.
   *
   * @param handle the run
   * @param options how often to poll, for how long, and who is told about polls and state changes
   * @return a future of the terminal status; cancelling it stops tracking the run (and, with
   *     {@link WaitOptions#stopOnGiveUp()}, stops the run: the options' listener hears how,
   *     {@link WaitListener#onGiveUp})
   * @throws InvalidRequestException if the handle's backend is not registered or its parts are malformed
   */
  CompletableFuture<RunStatus> track(RunHandle handle, WaitOptions options);

  /**
   * The number of runs being tracked now, on every backend.
   *
   * @return the count
   */
  int trackedRuns();

  /**
   * The number of runs of one backend being tracked now.
   *
   * @param backendId the backend id
   * @return the count, zero for an unknown id
   */
  int trackedRuns(String backendId);

  /**
   * The requests the tracker has sent to one backend so far: listing pages and single reads.
   *
   * @param backendId the backend id
   * @return the count, zero for an unknown id
   */
  long requestsSent(String backendId);

  /**
   * One backend's request rate now: the configured rate, or less while the backend throttles.
   *
   * @param backendId the backend id
   * @return requests per second, zero for an unknown id
   */
  double currentRate(String backendId);
}
