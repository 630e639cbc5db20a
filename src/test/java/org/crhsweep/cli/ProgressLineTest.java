package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.crhsweep.sweep.SweepProgress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  /** In a log (no terminal): a line when a point finishes, and a heartbeat line while long points run. */
  @Test
  void logGetsALinePerFinishedPointAndAHeartbeat() {
    StringWriter text = new StringWriter();
    long[] now = {0};
    SweepCommand.ProgressLine line =
        new SweepCommand.ProgressLine(new PrintWriter(text), false, () -> now[0], Duration.ofSeconds(60));
    line.show(progress(0, 0));
    now[0] = seconds(30);
    line.show(progress(0, 30)); // same counts, 30 s later: nothing
    now[0] = seconds(61);
    line.show(progress(0, 61)); // heartbeat
    now[0] = seconds(70);
    line.show(progress(1, 70)); // a point finished
    now[0] = seconds(75);
    line.show(progress(1, 75)); // nothing
    assertThat(text.toString().lines()).containsExactly(
        "[s] 0/4 points · 0 failed · 0 diverged · 0:00 elapsed · ETA …",
        "[s] 0/4 points · 0 failed · 0 diverged · 1:01 elapsed · ETA …",
        "[s] 1/4 points · 0 failed · 0 diverged · 1:10 elapsed · ETA 3:30");
  }

  private static SweepProgress progress(int finished, long elapsedSeconds) {
    return new SweepProgress("s", 4, 0, finished, 0, 0, Duration.ofSeconds(elapsedSeconds));
  }

  private static long seconds(long s) {
    return s * 1_000_000_000L;
  }
}
