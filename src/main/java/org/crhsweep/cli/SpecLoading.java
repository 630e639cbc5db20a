package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;

/** Parses a spec for a command; a bad spec prints its one-line error and becomes exit code 2. */
final class SpecLoading {

  private SpecLoading() {}

  static SweepSpec load(Path file, PrintWriter err) {
    try {
      return SpecParser.parse(file);
    } catch (SpecException e) {
      err.println("crh: " + e.getMessage());
      throw new CommandExit(Main.BAD_INPUT);
    }
  }
}
