package org.crhsweep.analysis;

import java.util.Objects;
import java.util.Set;

/**
 * One point of the sweep and how it ended: a row of the report's table of points. {@code error} is
 * null unless the point failed; losses and wall time may be NaN when unknown. {@code execution} is how
 * the point trained, as {@link Executions#label} writes it ({@code task} when null).
 */
public record PointSummary(
    String pointId,
    String arch,
    int batchSize,
    double learningRate,
    double weightDecay,
    long seed,
    String status,
    double finalTrainLoss,
    double finalProbeLoss,
    double wallSeconds,
    String error,
    String execution) {

  /** The statuses a point can end with, as written in the {@code points} table. */
  public static final Set<String> STATUSES = Set.of("done", "diverged", "failed");

  public PointSummary {
    Objects.requireNonNull(pointId, "pointId");
    Objects.requireNonNull(arch, "arch");
    execution = execution == null ? Executions.TASK : execution;
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "Invalid status for point " + pointId + ": '" + status + "' (allowed: done, diverged, failed)");
    }
  }

  /** A point trained in task mode. */
  public PointSummary(String pointId, String arch, int batchSize, double learningRate, double weightDecay, long seed,
      String status, double finalTrainLoss, double finalProbeLoss, double wallSeconds, String error) {
    this(pointId, arch, batchSize, learningRate, weightDecay, seed, status, finalTrainLoss, finalProbeLoss,
        wallSeconds, error, Executions.TASK);
  }
}
