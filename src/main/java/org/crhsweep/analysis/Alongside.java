package org.crhsweep.analysis;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work started on a thread of its own, typically a Spark read that runs beside a command's other reads (Spark
 * runs the jobs of concurrent queries side by side, and each query's planning happens on its own thread).
 * {@link #get} waits for it and rethrows its failure as thrown.
 */
public final class Alongside<T> {

  private final FutureTask<T> task;

  private Alongside(FutureTask<T> task) {
    this.task = task;
  }

  /** Starts {@code work} on a daemon thread named {@code name}. */
  public static <T> Alongside<T> start(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return new Alongside<>(task);
  }

  /** Waits for the work and returns its result, or throws what it threw. */
  public T get() throws Exception {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
