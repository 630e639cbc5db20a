import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.crhsweep.store.RowFiles;
import org.crhsweep.store.Table;

/**
 * Section "results": what reading results costs as a store grows. A generator makes stores of N points from
 * real rows (one small real sweep, its points replicated under new ids, written as a finished sweep's
 * compacted files would be), then times whole commands as a user runs them, all in one run: {@code crh sql}
 * (a count and a grouped query), {@code crh phases}, {@code crh report}, a bare local SparkSession's first
 * query, and DuckDB over {@code crh export --format parquet} as the peer. Targets: each command at 10,000
 * points within 2x of itself at 24; {@code crh sql} at 24 points within 2x of the bare session.
 */
public final class ResultsBench {

  /** Points per data file the generator writes (a compacted sweep has few large files). */
  static final int POINTS_PER_FILE = 2500;

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Bench.ints(args[0]) : new int[] {24, 2400, 10000});
  }

  static void run(int[] sizes) throws Exception {
    Path work = Files.createTempDirectory("crh-results-bench-");
    Path source = work.resolve("source");
    System.out.println("results: a real sweep (conf/sweeps/tiny.yaml) replicated into stores of N points");
    exec(List.of("jobs/crh", "sweep", "--spec", "conf/sweeps/tiny.yaml", "--out", source.toString()));
    double bare = median(3, () -> time(List.of("jobs/crh", "sql", "--out", source.toString(), "SELECT 1")));
    System.out.printf("  a crh command that starts Spark and runs SELECT 1 (the floor): %.1f s%n", bare);
    System.out.println("  N      | files | sql count | sql grouped | phases | report | export | duckdb count | duckdb grouped");
    double[] first = null;
    double[] last = null;
    for (int n : sizes) {
      Path out = work.resolve("n" + n);
      generate(source, "tiny", out, "bench", n);
      String o = out.toString();
      double count = median(3, () -> time(List.of("jobs/crh", "sql", "--out", o,
          "SELECT COUNT(*) FROM alignment WHERE sweep = 'bench'")));
      double grouped = median(3, () -> time(List.of("jobs/crh", "sql", "--out", o,
          "SELECT layer_name, relation, stat, AVG(alignment) FROM alignment WHERE sweep = 'bench' GROUP BY 1, 2, 3")));
      double phases = time(List.of("jobs/crh", "phases", "--out", o, "--sweep", "bench"));
      double report = time(List.of("jobs/crh", "report", "--out", o, "--sweep", "bench", "--to",
          work.resolve("report-" + n).toString()));
      Path export = work.resolve("export-" + n);
      double exported = time(List.of("jobs/crh", "export", "--out", o, "--format", "parquet", "--to", export.toString()));
      double duckCount = median(3, () -> time(List.of("python3", "-c", "import duckdb, sys; print(duckdb.sql("
          + "\"SELECT COUNT(*) FROM '" + export + "/alignment.parquet' WHERE sweep = 'bench'\").fetchone())")));
      double duckGrouped = median(3, () -> time(List.of("python3", "-c", "import duckdb; duckdb.sql(\"SELECT layer_name,"
          + " relation, stat, AVG(alignment) FROM '" + export + "/alignment.parquet' WHERE sweep = 'bench' GROUP BY 1, 2,"
          + " 3\").fetchall()")));
      double[] t = {count, grouped, phases, report, exported};
      if (first == null) {
        first = t;
      }
      last = t;
      System.out.printf("  %-6d | %5d | %6.1f s  | %8.1f s  | %5.1f s | %5.1f s | %5.1f s | %9.2f s | %9.2f s%n", n,
          dataFiles(out), count, grouped, phases, report, exported, duckCount, duckGrouped);
      System.out.printf("         phases / sql count %.2fx, report / sql count %.2fx (targets at the smallest N: <= 2x)%n",
          phases / count, report / count);
    }
    System.out.printf("  sql count at the smallest N / the floor: %.2fx (<= 2x)%n", first[0] / bare);
    String[] names = {"sql count", "sql grouped", "phases", "report", "export"};
    StringBuilder growth = new StringBuilder("  largest N / smallest N (<= 2x):");
    for (int i = 0; i < names.length; i++) {
      growth.append(String.format(" %s %.2fx%s", names[i], last[i] / first[i], i + 1 < names.length ? "," : ""));
    }
    System.out.println(growth);
  }

  interface Timed {
    double run() throws Exception;
  }

  static double median(int k, Timed t) throws Exception {
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      v[i] = t.run();
    }
    java.util.Arrays.sort(v);
    return v[k / 2];
  }

  static double time(List<String> cmd) throws Exception {
    long t0 = System.nanoTime();
    exec(cmd);
    return (System.nanoTime() - t0) / 1e9;
  }

  static void exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  /**
   * A store at {@code out} whose sweep {@code target} holds {@code n} points: the source sweep's committed
   * points, replicated under new ids (replica k of point p: the first 16 hex digits of sha256(p/k)).
   */
  static void generate(Path source, String sweep, Path out, String target, int n) throws Exception {
    ResultStore src = new ResultStore(source.toString(), null);
    ResultStore dst = new ResultStore(out.toString(), null);
    String spec = src.loadSpec(sweep).replaceFirst("(?m)^name: .*$", "name: " + target);
    dst.saveSpec(target, spec);
    try (ResultTables from = ResultTables.open(src); ResultTables to = ResultTables.open(dst)) {
      List<String> ids = new ArrayList<>(from.pointStatuses(sweep).keySet());
      java.util.Collections.sort(ids);
      for (Table t : Table.perPoint()) {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(from.table(t))
            .where(Expressions.equal("sweep", sweep)).build()) {
          it.forEach(r -> rows.add(r.copy()));
        }
        org.apache.iceberg.Table table = to.table(t);
        AppendFiles append = table.newAppend();
        DataWriter<Record> w = null;
        int inFile = 0;
        for (int k = 0; k < n; k++) {
          String orig = ids.get(k % ids.size());
          String id = k < ids.size() ? orig : newId(orig, k / ids.size());
          if (w == null) {
            w = writer(table, target);
          }
          for (Record r : rows) {
            if (orig.equals(r.getField("point_id"))) {
              Record c = r.copy();
              c.setField("sweep", target);
              c.setField("point_id", id);
              w.write(c);
            }
          }
          if (++inFile == POINTS_PER_FILE || k == n - 1) {
            w.close();
            append.appendFile(w.toDataFile());
            w = null;
            inFile = 0;
          }
        }
        append.commit();
      }
    }
  }

  static DataWriter<Record> writer(org.apache.iceberg.Table table, String sweep) throws Exception {
    PartitionKey key = RowFiles.partition(table, sweep);
    return Parquet.writeData(table.io().newOutputFile(table.locationProvider().newDataLocation(table.spec(), key,
        "bench-" + java.util.UUID.randomUUID() + ".parquet"))).forTable(table).withSpec(table.spec())
        .withPartition(key).createWriterFunc(GenericParquetWriter::create).overwrite().build();
  }

  static String newId(String orig, int replica) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest((orig + "/" + replica).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h).substring(0, 16);
  }

  static int dataFiles(Path out) throws Exception {
    try (var s = Files.walk(out.resolve("results"))) {
      return (int) s.filter(p -> p.toString().contains("/data/") && p.toString().endsWith(".parquet")).count();
    }
  }
}
