package org.crhsweep.sweep;

import java.io.Serializable;
import java.util.Set;

/**
 * Deliberate faults for tests of the failure paths, chosen by point id through the Spark settings
 * {@code spark.crh.test.failPoints} (throw before training). Empty in normal use.
 */
public record FaultPlan(Set<String> failPoints) implements Serializable {

  public static final String FAIL_POINTS_CONF = "spark.crh.test.failPoints";

  public static FaultPlan none() {
    return new FaultPlan(Set.of());
  }

  public static FaultPlan parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return none();
    }
    return new FaultPlan(Set.of(commaSeparated.trim().split("\\s*,\\s*")));
  }

  void beforeTraining(String pointId) {
    if (failPoints.contains(pointId)) {
      throw new IllegalStateException("injected fault for point " + pointId + " (" + FAIL_POINTS_CONF + ")");
    }
  }

  void beforeCommit(String pointId) {
    // Reserved for commit-time faults (the cluster fault tests).
  }
}
