package org.crhsweep.report;

import java.util.Objects;
import java.util.Set;

/**
 * One point of the sweep and how it ended: a row of the report's table of points. {@code error} is
 * null unless the point failed; losses and wall time may be NaN when unknown.
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
    String error) {

  /** The statuses a point can end with, as written in the {@code points} table. */
  public static final Set<String> STATUSES = Set.of("done", "diverged", "failed");

  public PointSummary {
    Objects.requireNonNull(pointId, "pointId");
    Objects.requireNonNull(arch, "arch");
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "Invalid status for point " + pointId + ": '" + status + "' (allowed: done, diverged, failed)");
    }
  }
}
