package org.crhsweep.sweep;

import java.time.Duration;

/**
 * A snapshot of a running sweep: finished points of this run, failures, divergences, ETA, and where the
 * point running on the driver is ({@code detail}: a data-parallel point's step and ETA; null otherwise).
 */
public record SweepProgress(String sweep, int total, int alreadyDone, int finished, int failed, int diverged,
    Duration elapsed, String detail) {

  public SweepProgress(String sweep, int total, int alreadyDone, int finished, int failed, int diverged,
      Duration elapsed) {
    this(sweep, total, alreadyDone, finished, failed, diverged, elapsed, null);
  }

  /** Remaining time by the mean time per finished point so far; null before the first point ends. */
  public Duration eta() {
    int toRun = total - alreadyDone;
    if (finished == 0 || finished >= toRun) {
      return finished >= toRun ? Duration.ZERO : null;
    }
    long perPoint = elapsed.toMillis() / finished;
    return Duration.ofMillis(perPoint * (toRun - finished));
  }

  /** One console line, e.g. {@code [quickstart] 7/16 points · 1 failed · 0 diverged · 0:42 elapsed · ETA 0:55}. */
  public String line() {
    Duration eta = eta();
    return String.format("[%s] %d/%d points · %d failed · %d diverged · %s elapsed · ETA %s%s", sweep,
        alreadyDone + finished, total, failed, diverged, clock(elapsed), eta == null ? "…" : clock(eta),
        detail == null ? "" : " · " + detail);
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
