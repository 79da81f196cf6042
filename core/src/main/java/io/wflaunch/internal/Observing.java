package io.wflaunch.internal;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.spi.observe.LaunchCall;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.spi.observe.LaunchObserver.Observation;
import io.wflaunch.spi.observe.LaunchObserver.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's observers as one: each is called in the order registered, what one throws is logged
 * and kept from the call and from the others, and each observation ends once.
 */
public final class Observing implements LaunchObserver {

  private static final Logger log = LoggerFactory.getLogger(Observing.class);

  private final List<LaunchObserver> observers;

  /**
   * The observers as one.
   *
   * @param observers in the order registered
   */
  public Observing(List<LaunchObserver> observers) {
    this.observers = List.copyOf(observers);
  }

  /**
   * Whether anything observes: with no observer the launcher skips the bookkeeping.
   *
   * @return true when an observer is registered
   */
  public boolean active() {
    return !observers.isEmpty();
  }

  @Override
  public void launcherBuilt(io.wflaunch.WorkflowLauncher launcher) {
    for (LaunchObserver observer : observers) {
      try {
        observer.launcherBuilt(launcher);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("Observer {} failed when the launcher was built", observer, e);
      }
    }
  }

  @Override
  public void launcherClosed(io.wflaunch.WorkflowLauncher launcher) {
    for (LaunchObserver observer : observers) {
      try {
        observer.launcherClosed(launcher);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("Observer {} failed when the launcher was closed", observer, e);
      }
    }
  }

  @Override
  public Observation callStarted(LaunchCall call) {
    if (observers.isEmpty()) {
      return Observation.NONE;
    }
    List<Observation> each = new ArrayList<>(observers.size());
    for (LaunchObserver observer : observers) {
      try {
        each.add(observer.callStarted(call));
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("Observer {} failed at the start of a {} call", observer, call.operation(), e);
      }
    }
    return new Once(each);
  }

  @Override
  public void runEnded(RunStatus status) {
    for (LaunchObserver observer : observers) {
      try {
        observer.runEnded(status);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("Observer {} failed on the end of run {}", observer, status.handle(), e);
      }
    }
  }

  @Override
  public void runEvent(String type, io.wflaunch.spi.events.EventOutcome outcome) {
    each(observer -> observer.runEvent(type, outcome), "on a run event");
  }

  @Override
  public void eventNoticed(RunStatus status, java.time.Duration latency) {
    each(observer -> observer.eventNoticed(status, latency), "on an event's notice");
  }

  @Override
  public void safetyPolled(String backendId, int runs) {
    each(observer -> observer.safetyPolled(backendId, runs), "on a safety poll");
  }

  private void each(java.util.function.Consumer<LaunchObserver> call, String when) {
    for (LaunchObserver observer : observers) {
      try {
        call.accept(observer);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn("Observer {} failed {}", observer, when, e);
      }
    }
  }

  /** The observations of one call, ended once whatever the paths that end it. */
  private static final class Once implements Observation {
    private final List<Observation> each;
    private final AtomicBoolean ended = new AtomicBoolean();

    Once(List<Observation> each) {
      this.each = each;
    }

    @Override
    public Scope open() {
      List<Scope> scopes = new ArrayList<>(each.size());
      for (Observation observation : each) {
        try {
          scopes.add(observation.open());
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          log.warn("Observation {} failed to open its scope", observation, e);
        }
      }
      return () -> {
        for (int i = scopes.size() - 1; i >= 0; i--) {
          try {
            scopes.get(i).close();
          } catch (VirtualMachineError e) {
            throw e;
          } catch (Throwable e) {
            log.warn("Observation scope {} failed to close", scopes.get(i), e);
          }
        }
      };
    }

    @Override
    public Executor wrap(Executor executor) {
      Executor wrapped = executor;
      for (Observation observation : each) {
        try {
          wrapped = observation.wrap(wrapped);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          log.warn("Observation {} failed to wrap the executor", observation, e);
        }
      }
      return wrapped;
    }

    @Override
    public void succeeded(Optional<RunHandle> run, boolean existing) {
      if (ended.compareAndSet(false, true)) {
        for (Observation observation : each) {
          try {
            observation.succeeded(run, existing);
          } catch (VirtualMachineError e) {
            throw e;
          } catch (Throwable e) {
            log.warn("Observation {} failed at the end of its call", observation, e);
          }
        }
      }
    }

    @Override
    public void failed(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        for (Observation observation : each) {
          try {
            observation.failed(failure);
          } catch (VirtualMachineError e) {
            throw e;
          } catch (Throwable e) {
            log.warn("Observation {} failed at the end of its call", observation, e);
          }
        }
      }
    }
  }
}
