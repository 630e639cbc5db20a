package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.crhsweep.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the memory a point may use comes from, and `crh validate` refusing a point that cannot fit it. */
class MemoryBudgetTest {

  @TempDir
  Path dir;

  @Test
  void ownSettingBeatsExecutorMemoryWhichBeatsTheHeap() {
    Properties p = new Properties();
    assertThat(MemoryBudget.of(p, 123)).isEqualTo(new MemoryBudget(123, "the JVM's max heap, -Xmx"));
    p.setProperty("spark.executor.memory", "4g");
    assertThat(MemoryBudget.of(p, 123)).isEqualTo(new MemoryBudget(4L << 30, "spark.executor.memory=4g"));
    p.setProperty("crh.point.memory", "512m");
    assertThat(MemoryBudget.of(p, 123)).isEqualTo(new MemoryBudget(512L << 20, "crh.point.memory=512m"));
  }

  @Test
  void sizesReadAsSparkReadsThem() {
    assertThat(MemoryBudget.parse("k", "2048")).isEqualTo(2048L << 20);
    assertThat(MemoryBudget.parse("k", "1T")).isEqualTo(1L << 40);
    assertThatThrownBy(() -> MemoryBudget.parse("crh.point.memory", "lots")).isInstanceOf(SpecException.class)
        .hasMessage("spec field 'crh.point.memory': must be a size such as 512m or 4g, got 'lots'");
  }

  @Test
  void validateRefusesAPointThatCannotFitAndAcceptsItWithALargerBudget() throws Exception {
    Path spec = dir.resolve("wide.yaml");
    Files.writeString(spec, Files.readString(Path.of("conf/sweeps/tiny.yaml")).replace("input_dim: 8",
        "input_dim: 60000"));
    try {
      System.setProperty("crh.point.memory", "2g");
      CliRun r = CliRun.of("validate", "--spec", spec.toString());
      assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err().strip()).startsWith("crh: spec field 'dataset.input_dim': a point of mlp-d3-w16-tanh at "
          + "batch_size 16 needs about ").endsWith("more than the 2.0 GiB a point is given (crh.point.memory=2g; "
          + "set it with -Dcrh.point.memory=SIZE)").doesNotContain("\n");
      System.setProperty("crh.point.memory", "2000g");
      assertThat(CliRun.of("validate", "--spec", spec.toString()).code()).isZero();
    } finally {
      System.clearProperty("crh.point.memory");
    }
  }
}
