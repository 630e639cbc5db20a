package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running {@code crh sweep} (a real driver JVM) stopped by SIGTERM or SIGINT commits the points that
 * finished, prints one {@code interrupted:} line with their count, leaves no lock, exits 143 or 130, and
 * the same sweep run again commits every point exactly once.
 */
class SweepSignalsTest {

  /** Six points of a few seconds each on local[1]: the signal comes while most are still to run. */
  static final String SPEC = """
      name: signalled
      dataset: {kind: teacher_student, input_dim: 8, output_dim: 2, train_size: 256, teacher_width: 16, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 3, width: 16, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [16, 32]
        weight_decay: [0, 0.001, 0.01]
      training: {steps: 1500, probe_every: 500}
      probe: {samples: 64, null_rotations: 0}
      """;
  static final int POINTS = 6;
  /** pom.xml's java17.opens: what Spark's driver needs on Java 17. */
  static final List<String> OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false");
  static final Pattern INTERRUPTED =
      Pattern.compile("interrupted: (\\d+) points committed, (\\d+) left; run the same command to resume");
  static final Duration PATIENCE = Duration.ofMinutes(4);

  @TempDir
  Path dir;

  @Test
  void sigtermCommitsWhatFinishedExits143AndARerunCommitsEveryPointOnce() throws Exception {
    Path out = dir.resolve("out");
    Stopped run = stopAfterAPoint(out, "TERM");
    assertThat(run.code()).as(run.describe()).isEqualTo(143);
    int committed = assertStoppedCleanly(run, out);

    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "signalled.yaml");
    assertThat(new SweepDriver(spark, store).plan(spec).kept()).isEqualTo(committed);
    new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(500));
    TableViews.register(spark, store);
    Row points = spark.sql("SELECT COUNT(*), COUNT(DISTINCT point_id) FROM points WHERE sweep = 'signalled'").first();
    assertThat(points.getLong(0)).isEqualTo(POINTS);
    assertThat(points.getLong(1)).isEqualTo(POINTS);
    Row training = spark.sql("SELECT COUNT(DISTINCT point_id), COUNT(DISTINCT point_id || '/' || step) = COUNT(*) "
        + "FROM training WHERE sweep = 'signalled'").first();
    assertThat(training.getLong(0)).isEqualTo(POINTS);
    assertThat(training.getBoolean(1)).as("no training row twice").isTrue();
  }

  @Test
  void sigintCommitsWhatFinishedAndExits130() throws Exception {
    Path out = dir.resolve("out");
    Stopped run = stopAfterAPoint(out, "INT");
    assertThat(run.code()).as(run.describe()).isEqualTo(130);
    assertStoppedCleanly(run, out);
  }

  /** The one interrupted line, its K the points committed, N the rest; no lock, no trace. Returns K. */
  private int assertStoppedCleanly(Stopped run, Path out) throws Exception {
    List<String> lines = run.stdout().stream().filter(l -> l.startsWith("interrupted:")).toList();
    assertThat(lines).as(run.describe()).hasSize(1);
    Matcher m = INTERRUPTED.matcher(lines.get(0));
    assertThat(m.matches()).as(lines.get(0)).isTrue();
    int k = Integer.parseInt(m.group(1));
    int n = Integer.parseInt(m.group(2));
    ResultStore store = new ResultStore(out.toString(), null);
    assertThat(store.committedPoints("signalled")).hasSize(k);
    assertThat(k).isBetween(1, POINTS - 1);
    assertThat(n).isEqualTo(POINTS - k);
    String all = String.join("\n", run.stdout()) + "\n" + run.stderr();
    assertThat(all).doesNotContain("Spark job failed").doesNotContain("SparkContext was shut down")
        .doesNotContain("\tat ").doesNotContain("crh: error");
    assertThat(out.resolve("_locks/signalled.lock")).doesNotExist();
    return k;
  }

  record Stopped(int code, List<String> stdout, String stderr) {
    String describe() {
      return "exit " + code + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr;
    }
  }

  /** Starts {@code crh sweep} in a child JVM, sends SIG{@code signal} once a point is done, waits for its end. */
  private Stopped stopAfterAPoint(Path out, String signal) throws Exception {
    Path spec = dir.resolve("signalled.yaml");
    Files.writeString(spec, SPEC);
    Path err = dir.resolve("stderr-" + signal + ".txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(OPENS);
    // Each point waits 1.5 s before its commit, so the signal always lands mid-sweep however fast points train.
    cmd.addAll(List.of("-D" + org.crhsweep.sweep.FaultPlan.COMMIT_DELAY_CONF + "=1500",
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "--add-modules=jdk.incubator.vector", "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", "--spec", spec.toString(),
        "--out", out.toString(), "--master", "local[1]", "--progress-every", "0.5"));
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    List<String> stdout = new CopyOnWriteArrayList<>();
    Object seen = new Object();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          stdout.add(l);
          synchronized (seen) {
            seen.notifyAll();
          }
        }
      } catch (java.io.IOException e) {
        stdout.add("(reading stdout: " + e + ")");
      }
    });
    reader.start();
    try {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (stdout.stream().noneMatch(l -> l.matches("\\[signalled\\] [1-9]\\d*/6 points.*"))) {
        assertThat(p.isAlive()).as("the sweep ended before a point was done:\n%s", stdout).isTrue();
        assertThat(System.nanoTime()).as("no point done within %s:\n%s", PATIENCE, stdout).isLessThan(deadline);
        synchronized (seen) {
          seen.wait(200);
        }
      }
      if ("INT".equals(signal)) {
        // A JVM started with SIGINT ignored (a background job of a non-interactive shell) keeps ignoring it.
        Assumptions.assumeFalse(ignores(p.pid(), 2), "SIGINT is ignored in this test's processes");
      }
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the stopped sweep did not exit").isTrue();
      reader.join(10_000);
      return new Stopped(p.exitValue(), List.copyOf(stdout), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  /** Whether process {@code pid} ignores signal {@code number} (Linux: SigIgn in /proc/PID/status). */
  private static boolean ignores(long pid, int number) throws Exception {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String l : Files.readAllLines(status)) {
      if (l.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }
}
