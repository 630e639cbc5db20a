package org.crhsweep.cli;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.sweep.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM as a {@link StopRequest} while a sweep runs, instead of the JVM's shutdown:
 * Spark's shutdown hook would stop the SparkContext under the driver, fail its job and lose the finished
 * points' commit. The first signal asks the sweep to stop; a second one gets the JVM's own handling (an
 * immediate shutdown, as before). A signal the JVM was started ignoring ({@code nohup}) stays ignored.
 */
final class StopSignals implements AutoCloseable {

  private static final List<String> NAMES = List.of("INT", "TERM");

  private final StopRequest stop = new StopRequest();
  private final List<Signal> installed = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private volatile int signalNumber;

  private StopSignals() {}

  /** Handles SIGINT and SIGTERM from now until {@link #close}. */
  static StopSignals install() {
    StopSignals s = new StopSignals();
    for (String name : NAMES) {
      Signal sig = new Signal(name);
      SignalHandler[] before = new SignalHandler[1];
      try {
        before[0] = Signal.handle(sig, received -> s.received(received, before[0]));
      } catch (IllegalArgumentException e) {
        continue; // -Xrs, or a signal the JVM reserves here: its default handling stays
      }
      if (before[0] == SignalHandler.SIG_IGN) {
        Signal.handle(sig, SignalHandler.SIG_IGN); // ignored by whoever started us: keep it so
        continue;
      }
      s.installed.add(sig);
      s.previous.add(before[0]);
    }
    return s;
  }

  private void received(Signal sig, SignalHandler before) {
    if (signalNumber == 0) {
      signalNumber = sig.getNumber();
    }
    if (stop.request("SIG" + sig.getName())) {
      return;
    }
    // The second signal: the JVM's shutdown, as without this class.
    if (before != null && before != SignalHandler.SIG_DFL && before != SignalHandler.SIG_IGN) {
      before.handle(sig);
    } else {
      System.exit(128 + sig.getNumber());
    }
  }

  StopRequest stop() {
    return stop;
  }

  /** The exit code of a process the first signal ended: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
  int exitCode() {
    return 128 + signalNumber;
  }

  @Override
  public void close() {
    for (int i = 0; i < installed.size(); i++) {
      Signal.handle(installed.get(i), previous.get(i));
    }
  }
}
