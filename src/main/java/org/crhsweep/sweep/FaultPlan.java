package org.crhsweep.sweep;

import java.io.Serializable;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Deliberate faults for tests of the failure paths, from Spark settings: {@code spark.crh.test.failPoints}
 * (point ids that throw before training; {@code ID:oom} runs out of memory there instead),
 * {@code spark.crh.test.commitDelayMs} (every point waits this long before its commit, so a test can kill an
 * executor or the driver mid-sweep without burning CPU) and
 * {@code spark.crh.test.commitGate} (a local path: every point waits before its commit until that file
 * exists, so a test holds a sweep mid-way). Empty in normal use. The driver reads it once and each task (or the
 * driver, for a data-parallel point) runs its points {@link #during} it: the runners' signatures carry no faults.
 */
public record FaultPlan(Set<String> failPoints, long commitDelayMillis, String commitGate) implements Serializable {

  public static final String FAIL_POINTS_CONF = "spark.crh.test.failPoints";
  public static final String COMMIT_DELAY_CONF = "spark.crh.test.commitDelayMs";
  public static final String COMMIT_GATE_CONF = "spark.crh.test.commitGate";

  private static final long GATE_TIMEOUT_MILLIS = 600_000;

  /** The one seam: the plan in force on a thread, set around a task's or a driver's points by {@link #during}. */
  private static final ThreadLocal<FaultPlan> IN_FORCE = ThreadLocal.withInitial(FaultPlan::none);

  public FaultPlan {
    failPoints = Set.copyOf(failPoints);
    commitGate = commitGate == null ? "" : commitGate.trim();
    if (commitDelayMillis < 0) {
      throw new IllegalArgumentException(COMMIT_DELAY_CONF + " must be >= 0 ms, got " + commitDelayMillis);
    }
  }

  public static FaultPlan none() {
    return new FaultPlan(Set.of(), 0, "");
  }

  public static FaultPlan parse(String commaSeparated) {
    return parse(commaSeparated, "", "");
  }

  /** From the three settings' values (blank means unset). */
  public static FaultPlan parse(String failPoints, String commitDelayMillis, String commitGate) {
    Set<String> ids = failPoints == null || failPoints.isBlank() ? Set.of()
        : Set.of(failPoints.trim().split("\\s*,\\s*"));
    long delay;
    try {
      delay = commitDelayMillis == null || commitDelayMillis.isBlank() ? 0 : Long.parseLong(commitDelayMillis.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(COMMIT_DELAY_CONF + " must be a whole number of ms, got '"
          + commitDelayMillis + "'");
    }
    return new FaultPlan(ids, delay, commitGate);
  }

  /**
   * Runs {@code body} with this plan in force on the calling thread, the one that trains and commits its
   * points, so the runners ask {@link #inForce} and their signatures carry no faults; the plan before it after.
   */
  public <T> T during(Supplier<T> body) {
    FaultPlan before = IN_FORCE.get();
    IN_FORCE.set(this);
    try {
      return body.get();
    } finally {
      IN_FORCE.set(before);
    }
  }

  /** The plan in force on this thread: {@link #none} outside {@link #during}, so in all normal use. */
  static FaultPlan inForce() {
    return IN_FORCE.get();
  }

  void beforeTraining(String pointId) {
    if (failPoints.contains(pointId)) {
      throw new IllegalStateException("injected fault for point " + pointId + " (" + FAIL_POINTS_CONF + ")");
    }
    if (failPoints.contains(pointId + ":oom")) {
      // The JVM's own OutOfMemoryError ("Requested array size exceeds VM limit"), raised before any memory is
      // taken, so other tasks in the JVM are not starved by the test.
      long[] tooLarge = new long[Integer.MAX_VALUE];
      throw new IllegalStateException("the JVM allocated " + tooLarge.length + " longs; no out-of-memory fault");
    }
  }

  void beforeCommit(String pointId) {
    try {
      if (commitDelayMillis > 0) {
        Thread.sleep(commitDelayMillis);
      }
      long end = System.currentTimeMillis() + GATE_TIMEOUT_MILLIS;
      while (!commitGate.isEmpty() && !java.nio.file.Files.exists(java.nio.file.Path.of(commitGate))) {
        if (System.currentTimeMillis() > end) {
          throw new IllegalStateException(COMMIT_GATE_CONF + " " + commitGate + " did not appear in "
              + GATE_TIMEOUT_MILLIS / 1000 + " s");
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      // a killed task: commit nothing, the point stays unfinished and is rerun
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before committing point " + pointId, e);
    }
  }
}
