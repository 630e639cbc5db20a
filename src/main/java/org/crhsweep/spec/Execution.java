package org.crhsweep.spec;

import java.io.Serializable;

/**
 * How one point executes: alone in a Spark task ({@link #TASK}), or data-parallel over {@code workers}
 * DL4J Spark workers that each take {@code averagingFrequency} local SGD steps between parameter
 * averagings. {@code batch_size} keeps one meaning in both modes, the samples behind one optimizer step
 * summed over the workers, so a worker's minibatch is {@code batch_size / workers}; with averaging after
 * every step that is exactly task-mode SGD at the same batch size, and a larger averaging frequency is
 * what changes the gradient noise. {@code batchSizePerWorker} is 0 when the spec leaves it to that
 * default; when given it must agree with it (it is a check, never a second batch size).
 */
public record Execution(ExecutionMode mode, int workers, int averagingFrequency, int batchSizePerWorker)
    implements Serializable {
  public static final Execution TASK = new Execution(ExecutionMode.TASK, 1, 1, 0);
  public static final int MAX_WORKERS = 4096;
  public static final int MAX_AVERAGING_FREQUENCY = 1_000_000;

  public Execution {
    Check.notNull("execution.mode", mode);
    if (mode == ExecutionMode.TASK) {
      if (workers != 1 || averagingFrequency != 1 || batchSizePerWorker != 0) {
        throw SpecException.field("execution.workers", "and averaging_frequency, batch_size_per_worker apply to "
            + "mode data_parallel only: remove them or set execution.mode: data_parallel");
      }
    } else {
      Check.between("execution.workers", workers, 1, MAX_WORKERS);
      Check.atLeastAtMost("execution.averaging_frequency", averagingFrequency, 1, MAX_AVERAGING_FREQUENCY);
      if (batchSizePerWorker != 0) {
        Check.atLeastAtMost("execution.batch_size_per_worker", batchSizePerWorker, 1, Check.MAX_BATCH_SIZE);
      }
    }
  }

  public static Execution dataParallel(int workers, int averagingFrequency) {
    return new Execution(ExecutionMode.DATA_PARALLEL, workers, averagingFrequency, 0);
  }

  public boolean dataParallel() {
    return mode == ExecutionMode.DATA_PARALLEL;
  }

  /** A worker's minibatch for a point of this global batch size. */
  public int perWorkerBatch(int batchSize) {
    return batchSize / workers;
  }

  /** The batch size {@code field} must split evenly over the workers, and agree with an explicit per-worker batch. */
  void checkBatch(String field, int batchSize) {
    if (!dataParallel()) {
      return;
    }
    if (batchSize % workers != 0) {
      throw SpecException.field(field, "must be divisible by execution.workers (" + workers
          + ": a worker takes batch_size / workers samples per step), got " + batchSize);
    }
    if (batchSizePerWorker != 0 && batchSizePerWorker * workers != batchSize) {
      throw SpecException.field("execution.batch_size_per_worker", "must be batch_size / workers = "
          + batchSize + " / " + workers + " (it is a check; leave it out to take that default), got "
          + batchSizePerWorker);
    }
  }

  /** For ids and labels, e.g. {@code data_parallel w4 f8}. */
  public String label() {
    return label(mode.label(), workers, averagingFrequency);
  }

  /** The label of an execution given by its table columns: {@code task}, or {@code MODE wW fF}. */
  public static String label(String mode, int workers, int averagingFrequency) {
    return ExecutionMode.TASK.label().equals(mode) ? mode : mode + " w" + workers + " f" + averagingFrequency;
  }
}
