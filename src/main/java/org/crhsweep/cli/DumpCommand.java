package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.crhsweep.sweep.PointDump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true,
    description = {
        "Write the raw matrices of a point's last measurement for offline analysis: one NumPy DIR/<layer_name>.npz",
        "per probe site with arrays W (d_out x d_in), h_a, h_b, g_a, g_b (probe observations as rows, g = -dloss/dh",
        "per sample), and DIR/manifest.json. The point must have run with training.checkpoint: final.",
        "Needs no Spark."})
final class DumpCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output root of the sweeps: a local path, file://, hdfs:// or s3a:// URI.")
  String out;

  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "Sweep name.")
  String sweep;

  @Option(names = "--point", required = true, paramLabel = "ID", description = "Point id (16 hex, see crh validate).")
  String point;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory for the .npz files (created).")
  Path to;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = cmd.commandLine().getErr();
    PrintWriter stdout = cmd.commandLine().getOut();
    ResultStore store = new ResultStore(out, null);
    try {
      OutputOptions.refuseOldLayout(store, err);
    } catch (CommandExit e) {
      return e.code;
    }
    if (!ResultTables.exists(store)) {
      return bad(err, "no results under " + store.qualifiedRoot() + " (no points table): check --out, or run crh "
          + "sweep first");
    }
    if (!store.committedPoints(sweep).contains(point)) {
      return bad(err, "--point: point " + point + " of sweep " + sweep + " does not exist (not a committed point under "
          + store.qualifiedRoot() + ")");
    }
    byte[] checkpoint = store.readCheckpoint(sweep, point);
    if (checkpoint == null) {
      return bad(err, "--point: point " + point + " of sweep " + sweep
          + " has no checkpoint: rerun it with training.checkpoint: final");
    }
    PointDump.Result r = PointDump.write(checkpoint, point, to);
    for (PointDump.Site s : r.sites()) {
      stdout.printf("%-28s %-6s W %d x %d, %d observations%n", to.resolve(s.file()), s.kind(), s.dOut(), s.dIn(),
          s.observations());
    }
    stdout.println(to.resolve(PointDump.MANIFEST) + " (point " + point + ", step " + r.step() + ")");
    stdout.flush();
    return Main.OK;
  }

  private static int bad(PrintWriter err, String message) {
    err.println("crh: " + message);
    err.flush();
    return Main.BAD_INPUT;
  }
}
