package org.crhsweep.sweep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a running sweep early (Ctrl-C, SIGTERM, or a test): the driver stops submitting,
 * cancels its Spark job group and still commits the points that already finished. The request may come
 * from any thread; actions registered with {@link #whenRequested} run once, in the requesting thread.
 */
public final class StopRequest {

  /** Undoes a {@link #whenRequested} registration. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private volatile String reason;

  /** A request nobody makes: what a sweep run without signal handling uses. */
  public static StopRequest never() {
    return new StopRequest();
  }

  /** Asks the sweep to stop ({@code reason}: e.g. {@code SIGTERM}); later requests are ignored. Returns whether this was the first. */
  public boolean request(String reason) {
    synchronized (this) {
      if (this.reason != null) {
        return false;
      }
      this.reason = reason;
    }
    for (Runnable a : actions) {
      a.run();
    }
    return true;
  }

  public boolean requested() {
    return reason != null;
  }

  /** Why the sweep was asked to stop, or null. */
  public String reason() {
    return reason;
  }

  /** Runs {@code action} when a stop is requested, at once if it already was. */
  public Registration whenRequested(Runnable action) {
    synchronized (this) {
      actions.add(action);
    }
    if (requested()) {
      // Requested before or while registering: the requester may have missed this action; it must be idempotent.
      action.run();
    }
    return () -> actions.remove(action);
  }
}
