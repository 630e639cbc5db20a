package org.crhsweep.sweep;

import java.io.Serializable;
import java.util.Set;

/**
 * Deliberate faults for tests of the failure paths, from Spark settings: {@code spark.crh.test.failPoints}
 * (point ids that throw before training) and {@code spark.crh.test.commitDelayMs} (every point waits this
 * long before its commit, so a test can kill an executor or the driver mid-sweep without burning CPU).
 * Empty in normal use.
 */
public record FaultPlan(Set<String> failPoints, long commitDelayMillis) implements Serializable {

  public static final String FAIL_POINTS_CONF = "spark.crh.test.failPoints";
  public static final String COMMIT_DELAY_CONF = "spark.crh.test.commitDelayMs";

  public FaultPlan {
    failPoints = Set.copyOf(failPoints);
    if (commitDelayMillis < 0) {
      throw new IllegalArgumentException(COMMIT_DELAY_CONF + " must be >= 0 ms, got " + commitDelayMillis);
    }
  }

  public static FaultPlan none() {
    return new FaultPlan(Set.of(), 0);
  }

  public static FaultPlan parse(String commaSeparated) {
    return parse(commaSeparated, "");
  }

  /** From the two settings' values (blank means unset). */
  public static FaultPlan parse(String failPoints, String commitDelayMillis) {
    Set<String> ids = failPoints == null || failPoints.isBlank() ? Set.of()
        : Set.of(failPoints.trim().split("\\s*,\\s*"));
    long delay;
    try {
      delay = commitDelayMillis == null || commitDelayMillis.isBlank() ? 0 : Long.parseLong(commitDelayMillis.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(COMMIT_DELAY_CONF + " must be a whole number of ms, got '"
          + commitDelayMillis + "'");
    }
    return new FaultPlan(ids, delay);
  }

  void beforeTraining(String pointId) {
    if (failPoints.contains(pointId)) {
      throw new IllegalStateException("injected fault for point " + pointId + " (" + FAIL_POINTS_CONF + ")");
    }
  }

  void beforeCommit(String pointId) {
    if (commitDelayMillis > 0) {
      try {
        Thread.sleep(commitDelayMillis);
      } catch (InterruptedException e) {
        // a killed task: commit nothing, the point stays unfinished and is rerun
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted before committing point " + pointId, e);
      }
    }
  }
}
