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

  /**
   * Points of the spec with a committed result (done or diverged), by this run or an earlier one: those a
   * rerun skips. A run stopped early ({@link StopRequest}) reports them as its K.
   */
  public long committed() {
    return skipped + count(Outcome.Status.DONE) + count(Outcome.Status.DIVERGED);
  }

  /** Points a rerun of the same spec runs: never run, cut short, or failed. */
  public long left() {
    return total - committed();
  }

  /** Failed points, and points whose commit failed. */
  public long failed() {
    return count(Outcome.Status.FAILED);
  }
}
