package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;

/** Parses a spec for a command; a bad spec prints its one-line error and becomes exit code 2. */
final class SpecLoading {

  private SpecLoading() {}

  /** Thrown to end a command with a given exit code after its message is printed. */
  static final class Exit extends RuntimeException {
    final int code;

    Exit(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  static SweepSpec load(Path file, PrintWriter err) {
    try {
      return SpecParser.parse(file);
    } catch (SpecException e) {
      err.println("crh: " + e.getMessage());
      throw new Exit(Main.BAD_INPUT);
    }
  }
}
