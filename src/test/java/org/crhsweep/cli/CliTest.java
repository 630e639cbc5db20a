package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the commands that must answer before any Spark job starts. */
class CliTest {

  @TempDir
  Path dir;



  @Test
  void validatePrintsTheExpandedPoints() {
    CliRun r = CliRun.of("validate", "--spec", "conf/sweeps/quickstart.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("sweep quickstart: 24 points, spec hash ");
    assertThat(r.out().lines().filter(l -> l.startsWith("  ")).count()).isEqualTo(24);
    assertThat(r.out()).contains("mlp-d4-w32-tanh lr=0.02 bs=16 wd=0 seed=0");
  }

  @Test
  void everyShippedSpecIsValid() throws Exception {
    try (var files = Files.list(Path.of("conf/sweeps"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        assertThat(CliRun.of("validate", "--spec", f.toString()).code()).as(f.toString()).isZero();
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
      CliRun r = cmd.equals("sweep") ? CliRun.of(cmd, "--spec", bad.toString(), "--out", out.toString())
          : CliRun.of(cmd, "--spec", bad.toString());
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err().strip()).as(cmd).isEqualTo("crh: spec field 'grid.learning_rate[1]': must be > 0, got -1");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingSpecFileAndAMissingOptionExitTwo() {
    CliRun missing = CliRun.of("validate", "--spec", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("not found");
    CliRun noOut = CliRun.of("sweep", "--spec", "conf/sweeps/tiny.yaml");
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.err()).contains("Missing required option: '--out=OUT'");
  }

  @Test
  void sensitivityGridValuesOutOfRangeExitTwoNamingTheOptionBeforeSparkStarts() {
    Path out = dir.resolve("never");
    CliRun threshold = CliRun.of("phases", "--out", out.toString(), "--sweep", "s", "--grid-threshold", "0.7,1.5");
    assertThat(threshold.code()).isEqualTo(2);
    assertThat(threshold.err().strip())
        .isEqualTo("crh: --grid-threshold 1.5: must be in (0, 1]");
    CliRun minR2 = CliRun.of("phases", "--out", out.toString(), "--sweep", "s", "--grid-min-r2=-0.1");
    assertThat(minR2.code()).isEqualTo(2);
    assertThat(minR2.err().strip()).isEqualTo("crh: --grid-min-r2 -0.1: must be in [0, 1]");
    CliRun tolerance = CliRun.of("phases", "--out", out.toString(), "--sweep", "s", "--sensitivity",
        "--grid-exponent-tolerance", "0");
    assertThat(tolerance.code()).isEqualTo(2);
    assertThat(tolerance.err().strip())
        .isEqualTo("crh: --grid-exponent-tolerance 0.0: must be > 0 and finite");
    assertThat(out).doesNotExist();
  }

  @Test
  void aReportDirThatIsAFileExitsTwoNamingTheOptionBeforeSparkStarts() throws Exception {
    Path file = dir.resolve("taken");
    Files.writeString(file, "not a directory");
    Path out = dir.resolve("out");
    CliRun sweep = CliRun.of("sweep", "--spec", "conf/sweeps/tiny.yaml", "--out", out.toString(), "--report",
        file.toString());
    assertThat(sweep.code()).isEqualTo(2);
    assertThat(sweep.err().strip()).isEqualTo("crh: --report " + file
        + " is a file, not a directory: give a directory (it is created if missing)");
    assertThat(sweep.out()).isEmpty();
    assertThat(out).doesNotExist();
    CliRun report = CliRun.of("report", "--out", out.toString(), "--sweep", "tiny", "--to", file.toString());
    assertThat(report.code()).isEqualTo(2);
    assertThat(report.err().strip()).startsWith("crh: --to " + file + " is a file, not a directory");
    assertThat(out).doesNotExist();
  }

  @Test
  void readingCommandsOnAnEmptyOutputRootExitTwo() {
    CliRun r = CliRun.of("sql", "--master", "local[1]", "--out", dir.resolve("empty").toString(), "SELECT 1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no results under").contains("run crh sweep first");
  }

  @Test
  void helpDocumentsTheExitCodes() {
    CliRun r = CliRun.of("sweep", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("\\n  3 +finished, but some points failed").contains("resumes")
        .containsPattern("\\n  130 +stopped by Ctrl-C \\(SIGINT\\)").containsPattern("\\n  143 +stopped by SIGTERM");
  }
}
