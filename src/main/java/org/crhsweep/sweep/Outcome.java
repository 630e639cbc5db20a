package org.crhsweep.sweep;

import java.io.Serializable;
import org.crhsweep.store.StagedPoint;

/**
 * How one point ended, as the driver learns it, with its rows staged for the driver to commit;
 * {@code staged} is null only if even writing its rows failed (the point stays uncommitted and is rerun).
 */
public record Outcome(String pointId, Status status, String error, double wallSeconds, StagedPoint staged)
    implements Serializable {

  /** Whether the point's rows were written and await the driver's commit. */
  public boolean recorded() {
    return staged != null;
  }

  /** The {@code status} column of the points table. */
  public enum Status {
    DONE("done"), DIVERGED("diverged"), FAILED("failed");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
