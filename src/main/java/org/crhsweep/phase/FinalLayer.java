package org.crhsweep.phase;

import java.util.Objects;

/**
 * One (point, layer, stat) of a sweep with its final values, as the phases job reads it: enough to
 * classify it again under other thresholds. {@code status} is the point's ({@code done} or {@code diverged}).
 */
public record FinalLayer(String pointId, String status, int layer, String stat, FinalValues values) {

  /** The status of a point whose every layer is {@code diverged}, whatever its values. */
  public static final String DIVERGED_STATUS = "diverged";

  public FinalLayer {
    Objects.requireNonNull(pointId, "pointId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stat, "stat");
    Objects.requireNonNull(values, "values");
  }

  public boolean diverged() {
    return DIVERGED_STATUS.equals(status);
  }
}
