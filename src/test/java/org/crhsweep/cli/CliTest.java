package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the commands that must answer before any Spark job starts. */
class CliTest {

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  private Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void validatePrintsTheExpandedPoints() {
    Run r = run("validate", "--spec", "conf/sweeps/quickstart.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("sweep quickstart: 24 points, spec hash ");
    assertThat(r.out().lines().filter(l -> l.startsWith("  ")).count()).isEqualTo(24);
    assertThat(r.out()).contains("mlp-d4-w32-tanh lr=0.02 bs=16 wd=0 seed=0");
  }

  @Test
  void everyShippedSpecIsValid() throws Exception {
    try (var files = Files.list(Path.of("conf/sweeps"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        assertThat(run("validate", "--spec", f.toString()).code()).as(f.toString()).isZero();
      }
    }
  }

  @Test
  void aBadSpecExitsTwoWithOneLineBeforeSparkStarts() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(Path.of("conf/sweeps/tiny.yaml")).replace("learning_rate: [0.05]",
        "learning_rate: [0.05, -1]"));
    Path out = dir.resolve("out");
    for (String cmd : new String[] {"validate", "sweep"}) {
      Run r = cmd.equals("sweep") ? run(cmd, "--spec", bad.toString(), "--out", out.toString())
          : run(cmd, "--spec", bad.toString());
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err().strip()).as(cmd).isEqualTo("crh: spec field 'grid.learning_rate[1]': must be > 0, got -1");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingSpecFileAndAMissingOptionExitTwo() {
    Run missing = run("validate", "--spec", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("not found");
    Run noOut = run("sweep", "--spec", "conf/sweeps/tiny.yaml");
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.err()).contains("Missing required option: '--out=OUT'");
  }

  @Test
  void readingCommandsOnAnEmptyOutputRootExitTwo() {
    Run r = run("sql", "--master", "local[1]", "--out", dir.resolve("empty").toString(), "SELECT 1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no results under").contains("run crh sweep first");
  }

  @Test
  void helpDocumentsTheExitCodes() {
    Run r = run("sweep", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("3   finished, but some points failed").contains("resumes");
  }
}
