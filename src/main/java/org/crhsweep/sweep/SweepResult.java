package org.crhsweep.sweep;

import java.util.List;

/** What a sweep run did: points skipped as already committed, and the outcomes of those it ran. */
public record SweepResult(String sweep, int total, int skipped, List<Outcome> outcomes) {

  public SweepResult {
    outcomes = List.copyOf(outcomes);
  }

  public long count(Outcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** Failed points, and points whose commit failed. */
  public long failed() {
    return count(Outcome.Status.FAILED);
  }
}
