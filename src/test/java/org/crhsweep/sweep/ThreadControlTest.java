package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark.task.cpus reaches each task's ND4J thread cap (recorded per point in points.nd4j_threads). */
class ThreadControlTest {

  @TempDir
  Path dir;

  @Test
  void taskCpusBecomeNd4jThreads() throws Exception {
    SparkTestSession.get().stop();
    // local mode runs tasks in this JVM: start from a cap of 1, so reading 2 afterwards proves the
    // task set it from spark.task.cpus (ND4J clamps the cap to the machine's cores, 2 here).
    Nd4jThreads.limit(1);
    assertThat(org.nd4j.linalg.factory.Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
    System.setProperty("spark.task.cpus", "2");
    SparkSession spark;
    try {
      spark = SparkSessions.create("local[2]", "crh-thread-test");
    } finally {
      System.clearProperty("spark.task.cpus");
    }
    try {
      assertThat(spark.sparkContext().getConf().get("spark.task.cpus")).isEqualTo("2");
      SweepSpec spec = SpecParser.parseString(SweepIntegrationTest.SPEC
          .replace("batch_size: [8, 16]", "batch_size: [8]").replace("weight_decay: [0, 0.01]", "weight_decay: [0]"),
          "threads.yaml");
      ResultStore store = new ResultStore(dir.toString(), spark.sparkContext().hadoopConfiguration());
      SweepResult r = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
      assertThat(r.count(Outcome.Status.DONE)).isEqualTo(1);
      TableViews.register(spark, store);
      assertThat(spark.sql("SELECT nd4j_threads FROM points").first().getInt(0)).isEqualTo(2);
    } finally {
      spark.stop();
    }
  }
}
