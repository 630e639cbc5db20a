package org.crhsweep.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The science core and the pure packages never import Spark or Parquet, and the result side runs one
 * way, phase and analysis to report, never back (ARCHITECTURE.md).
 */
class LayeringTest {

  private static List<String> offenders(String pkg, String... forbidden) throws IOException {
    Path dir = Path.of("src/main/java/org/crhsweep", pkg);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
              .filter(l -> Stream.of(forbidden).anyMatch(l::contains)).map(l -> f.getFileName() + ": " + l);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }

  @Test
  void scienceCoreIsFreeOfSparkAndParquet() throws IOException {
    for (String pkg : new String[] {"data", "model", "train", "probe"}) {
      assertThat(offenders(pkg, "org.apache.spark", "org.apache.parquet", "org.apache.hadoop", "org.crhsweep.store",
          "org.crhsweep.sweep")).as(pkg).isEmpty();
    }
  }

  @Test
  void specAndReportKnowNeitherSparkNorNd4j() throws IOException {
    assertThat(offenders("spec", "org.apache.spark", "org.nd4j", "org.apache.hadoop", "org.apache.parquet")).isEmpty();
    assertThat(offenders("report", "org.apache.spark", "org.nd4j", "org.crhsweep.train", "org.crhsweep.model"))
        .isEmpty();
  }

  @Test
  void reportOnlyRendersWhatAnalysisComputes() throws IOException {
    assertThat(offenders("analysis", "org.crhsweep.report")).as("analysis").isEmpty();
    assertThat(offenders("phase", "org.crhsweep.report", "org.crhsweep.analysis")).as("phase").isEmpty();
    assertThat(offenders("report", "org.crhsweep.phase", "org.crhsweep.store", "org.crhsweep.sweep"))
        .as("report").isEmpty();
  }
}
