import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.crhsweep.store.RowFiles;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;

/**
 * Section "commits": K processes commit into one table of the embedded catalog (a Hadoop catalog on the local
 * disk, commits serialized by the store's file lock) at once, each M appends of one small data file, as K
 * executors committing their own points would. Reports commit latency, Iceberg's attempts per commit, and
 * whether the table holds exactly K x M appends (a lost commit would show there).
 */
public final class CommitBench {

  static final String CHILD = "--commit-child";

  /** Collects Iceberg's commit reports (attempts per commit) in a child. */
  public static final class Reports implements MetricsReporter {
    static final ConcurrentLinkedQueue<CommitReport> SEEN = new ConcurrentLinkedQueue<>();

    @Override
    public void report(MetricsReport report) {
      if (report instanceof CommitReport c) {
        SEEN.add(c);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      return;
    }
    run(args.length > 0 ? Bench.ints(args[0]) : new int[] {2, 16, 64});
  }

  static void run(int[] counts) throws Exception {
    int m = Integer.getInteger("bench.commits.each", 5);
    System.out.printf("commits: K processes append at once to one table of the embedded catalog, %d commits each%n", m);
    System.out.println("  K  | commits | lost | failed | latency median / p95 / max (ms) | attempts mean / max | wall (s)");
    for (int k : counts) {
      Path dir = Files.createTempDirectory("crh-commits-");
      try (ResultTables t = ResultTables.open(new ResultStore(dir.toString(), null))) {
        // created once before the children start, as a sweep's driver does
      }
      Path go = dir.resolve("go");
      List<Process> children = new ArrayList<>();
      String cp = System.getProperty("java.class.path");
      for (int i = 0; i < k; i++) {
        children.add(new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""), "-cp", cp,
            "CommitBench", CHILD, dir.toString(), go.toString(), String.valueOf(m), String.valueOf(i))
            .redirectErrorStream(true).start());
      }
      // Every child loads its classes and opens the catalog first, then waits for the start file.
      Thread.sleep(Math.max(3000, 400L * k));
      long t0 = System.nanoTime();
      Files.writeString(go, "go");
      List<Double> latencies = new ArrayList<>();
      List<Integer> attempts = new ArrayList<>();
      int failed = 0;
      for (Process p : children) {
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
          String[] f = line.trim().split(" ");
          if (f.length == 3 && f[0].equals("commit")) {
            latencies.add(Double.parseDouble(f[1]));
            attempts.add(Integer.parseInt(f[2]));
          } else if (line.startsWith("failed")) {
            failed++;
          }
        }
        p.waitFor();
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      long appends;
      try (ResultTables t = ResultTables.open(new ResultStore(dir.toString(), null))) {
        org.apache.iceberg.Table table = t.table(Table.TRAINING);
        table.refresh();
        appends = 0;
        for (var s : table.snapshots()) {
          appends += "append".equals(s.operation()) ? 1 : 0;
        }
      }
      double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("  %-3d| %7d | %4d | %6d | %9.0f / %5.0f / %5.0f %12s| %6.2f / %3d %8s| %6.1f%n", k,
          latencies.size(), latencies.size() - appends, failed, pct(l, 0.5), pct(l, 0.95), pct(l, 1.0), "",
          attempts.stream().mapToInt(Integer::intValue).average().orElse(0),
          attempts.stream().mapToInt(Integer::intValue).max().orElse(0), "", wall);
    }
  }

  static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0
        : (int) Math.ceil(q * sorted.length) - 1)];
  }

  static void child(String root, Path go, int m, int id) throws Exception {
    ResultStore store = new ResultStore(root, null);
    try (ResultTables t = ResultTables.open(store, Map.of("metrics-reporter-impl", Reports.class.getName()))) {
      org.apache.iceberg.Table table = t.table(Table.TRAINING);
      Provenance prov = new Provenance("bench", "bench", "cpu", "bench");
      List<org.apache.iceberg.DataFile> files = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        TableRows rows = new TableRows(Table.TRAINING, prov);
        rows.add(String.format("%08d%08d", id, i), 0L, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "task", 1, 1);
        files.add(RowFiles.write(table, "bench", rows, "bench"));
      }
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      for (org.apache.iceberg.DataFile f : files) {
        long t0 = System.nanoTime();
        try {
          table.newAppend().appendFile(f).commit();
        } catch (RuntimeException e) {
          System.out.println("failed " + e);
          continue;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        CommitReport r = Reports.SEEN.poll();
        long att = r == null || r.commitMetrics().attempts() == null ? -1 : r.commitMetrics().attempts().value();
        System.out.println("commit " + ms + " " + att);
      }
    }
  }
}
