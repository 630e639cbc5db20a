package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A step prints its line only once it has run past the quiet time; off a terminal once, then per heartbeat. */
class StepProgressTest {

  private static final long S = 1_000_000_000L;

  @Test
  void onlyLongStepsPrintOneLineEach() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    try (StepProgress p = new StepProgress(new PrintWriter(text), "quickstart", "report", 4, false, now::get, false)) {
      p.step("reading the final windows");
      now.addAndGet(2 * S);
      p.tick();
      assertThat(text.toString()).isEmpty();
      p.step("reading the points");
      now.addAndGet(4 * S);
      p.tick();
      now.addAndGet(S);
      p.tick();
      p.skip();
      p.step("drawing the figures");
      now.addAndGet(5 * S);
      p.tick();
      now.addAndGet(StepProgress.HEARTBEAT.toSeconds() * S);
      p.tick();
    }
    assertThat(text.toString().split(System.lineSeparator())).containsExactly(
        "[quickstart] report 2/4 \u00b7 reading the points \u00b7 0:06 elapsed",
        "[quickstart] report 4/4 \u00b7 drawing the figures \u00b7 0:12 elapsed",
        "[quickstart] report 4/4 \u00b7 drawing the figures \u00b7 0:42 elapsed");
  }

  @Test
  void onATerminalTheLineIsRewrittenAndEndedWithTheStep() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    try (StepProgress p = new StepProgress(new PrintWriter(text), "s", "phases", 1, true, now::get, false)) {
      p.step("reading");
      now.addAndGet(3 * S);
      p.tick();
      now.addAndGet(S);
      p.tick();
      p.done();
    }
    assertThat(text.toString()).isEqualTo("\r[s] phases 1/1 \u00b7 reading \u00b7 0:03 elapsed   "
        + "\r[s] phases 1/1 \u00b7 reading \u00b7 0:04 elapsed   " + System.lineSeparator());
  }

  @Test
  void theClockShowsHoursPastAnHour() {
    assertThat(StepProgress.clock(59 * S)).isEqualTo("0:59");
    assertThat(StepProgress.clock(3725 * S)).isEqualTo("1:02:05");
  }
}
