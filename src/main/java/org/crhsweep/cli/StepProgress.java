package org.crhsweep.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One progress line for the long steps of a command (phases, report, export), like the sweep's:
 * {@code [quickstart] report 2/4 · reading the final windows · 0:07 elapsed}. A step that ends within
 * {@link #QUIET} prints nothing; one still running then gets its line (on a terminal, rewritten in place every
 * second; otherwise printed once, then once per {@link #HEARTBEAT}). Goes to stderr, so the command's output on
 * stdout stays what scripts read. Each step's duration is also logged at debug level.
 */
final class StepProgress implements AutoCloseable {

  static final Duration QUIET = Duration.ofSeconds(3);
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(StepProgress.class);

  private final PrintWriter err;
  private final String prefix;
  private final int steps;
  private final boolean tty;
  private final LongSupplier nanos;
  private final ScheduledExecutorService ticker;
  private final long started;
  private int step;
  private String what;
  private long stepStarted;
  private long lastPrinted;
  private boolean printedThisStep;
  private boolean openLine;

  /** {@code name} is the sweep's, {@code command} the command's ({@code report}), {@code steps} how many follow. */
  StepProgress(PrintWriter err, String name, String command, int steps) {
    this(err, name, command, steps, System.console() != null, System::nanoTime, true);
  }

  /** For tests: no ticker thread; {@link #tick} is called by hand with the clock given. */
  StepProgress(PrintWriter err, String name, String command, int steps, boolean tty, LongSupplier nanos,
      boolean ticking) {
    this.err = err;
    this.prefix = "[" + name + "] " + command + " ";
    this.steps = steps;
    this.tty = tty;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
    if (ticking) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crh-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  /** Starts the next step (the one before ends). */
  synchronized void step(String what) {
    endStep();
    step++;
    this.what = what;
    stepStarted = nanos.getAsLong();
    printedThisStep = false;
  }

  /** Prints the current step's line if it has run past {@link #QUIET} (and, off a terminal, is due). */
  synchronized void tick() {
    if (what == null) {
      return;
    }
    long now = nanos.getAsLong();
    if (now - stepStarted < QUIET.toNanos()) {
      return;
    }
    if (tty) {
      err.print("\r" + line(now) + "   ");
      openLine = true;
    } else if (!printedThisStep || now - lastPrinted >= HEARTBEAT.toNanos()) {
      err.println(line(now));
      lastPrinted = now;
    } else {
      return;
    }
    printedThisStep = true;
    err.flush();
  }

  String line(long now) {
    return prefix + step + "/" + steps + " \u00b7 " + what + " \u00b7 " + clock(now - started) + " elapsed";
  }

  /** Counts a step that has nothing to do this time (its number is kept, so the count stays right). */
  synchronized void skip() {
    endStep();
    step++;
  }

  /** Ends the current step (before the command prints its results). */
  synchronized void done() {
    endStep();
  }

  private void endStep() {
    if (what == null) {
      return;
    }
    LOG.debug("{}{}/{} {}: {} ms", prefix, step, steps, what, (nanos.getAsLong() - stepStarted) / 1_000_000);
    if (openLine) {
      err.println();
      err.flush();
      openLine = false;
    }
    what = null;
  }

  static String clock(long nanos) {
    long s = nanos / 1_000_000_000L;
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  @Override
  public synchronized void close() {
    endStep();
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
