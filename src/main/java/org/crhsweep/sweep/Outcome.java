package org.crhsweep.sweep;

import java.io.Serializable;

/** How one point ended, as the driver learns it. {@code committed} is false only if even recording failed. */
public record Outcome(String pointId, Status status, String error, double wallSeconds, boolean committed)
    implements Serializable {

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
