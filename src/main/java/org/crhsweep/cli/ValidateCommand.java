package org.crhsweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Parse and check a sweep spec and print the points it expands to (no Spark).")
final class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Option(names = "--spec", required = true, paramLabel = "FILE", description = "Sweep spec (YAML).")
  Path spec;

  @Override
  public Integer call() {
    try {
      SweepSpec s = SpecLoading.load(spec, cmd.commandLine().getErr());
      var out = cmd.commandLine().getOut();
      out.printf("sweep %s: %d points, spec hash %s%n", s.name(), s.points().size(), s.hash());
      for (Point p : s.points()) {
        out.println("  " + p.describe());
      }
      out.flush();
      return Main.OK;
    } catch (CommandExit e) {
      return e.code;
    }
  }
}
