package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone with Spark and Iceberg's runtime reads the tables without crh: a SparkSession configured with nothing
 * but the three catalog lines of docs/tables.md ("Reading the tables without crh") counts, joins alignment with
 * points as crh's views do, and reads the tables as they stood before a later sweep, by snapshot id and by
 * timestamp, as the "Time travel" lines there do.
 */
class PlainSparkReadTest {

  @TempDir
  Path dir;

  @Test
  void aSessionConfiguredOnlyAsTheDocsSayReadsTheTablesAndTravelsInTime() throws Exception {
    SparkSession crh = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("runs").toString(), crh.sparkContext().hadoopConfiguration());
    SweepSpec first = SpecParser.parseString(UserCatalogTest.SPEC.replace("name: named", "name: first"), "f.yaml");
    SweepSpec second = SpecParser.parseString(UserCatalogTest.SPEC.replace("name: named", "name: second"), "s.yaml");
    new SweepDriver(crh, store).run(first, p -> { }, Duration.ofMillis(200));
    org.apache.iceberg.Table points = store.tables().table(Table.POINTS);
    points.refresh();
    long before = points.currentSnapshot().snapshotId();
    long beforeMillis = points.currentSnapshot().timestampMillis();
    Thread.sleep(20); // the second sweep's commits come strictly later
    new SweepDriver(crh, store).run(second, p -> { }, Duration.ofMillis(200));
    TableViews.register(crh, store);
    long alignmentRows = crh.sql("SELECT COUNT(*) FROM alignment WHERE sweep = 'first'").first().getLong(0);
    assertThat(alignmentRows).isPositive();
    crh.stop();

    // docs/tables.md: --conf spark.sql.catalog.crh=...SparkCatalog, .type=hadoop, .warehouse=OUT. The rest is
    // the test machine's (a local master, loopback, no UI), none of it crh's.
    SparkConf conf = new SparkConf(false).setMaster("local[2]").setAppName("plain-spark")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.catalog.crh", "org.apache.iceberg.spark.SparkCatalog")
        .set("spark.sql.catalog.crh.type", "hadoop")
        .set("spark.sql.catalog.crh.warehouse", dir.resolve("runs").toUri().toString());
    SparkSession plain = SparkSession.builder().config(conf).getOrCreate();
    try {
      assertThat(plain.sql("SELECT status, COUNT(*) FROM crh.results.points WHERE sweep = 'first' GROUP BY status")
          .collectAsList()).extracting(Object::toString).containsExactly("[done,2]");
      assertThat(plain.sql("SELECT COUNT(*) FROM crh.results.points").first().getLong(0)).isEqualTo(4L);
      assertThat(plain.sql("SELECT COUNT(*) FROM crh.results.alignment a LEFT SEMI JOIN crh.results.points p "
          + "ON a.sweep = p.sweep AND a.point_id = p.point_id WHERE a.sweep = 'first'").first().getLong(0))
          .isEqualTo(alignmentRows);

      // Time travel, as documented: the snapshots, then the points as they stood before the second sweep.
      assertThat(plain.sql("SELECT snapshot_id, committed_at, operation, summary['crh.points'] "
          + "FROM crh.results.points.snapshots").count()).isGreaterThanOrEqualTo(2L);
      assertThat(plain.sql("SELECT COUNT(*) FROM crh.results.points VERSION AS OF " + before).first().getLong(0))
          .isEqualTo(2L);
      String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(ZoneId.of(plain.conf().get("spark.sql.session.timeZone"))).format(Instant.ofEpochMilli(beforeMillis));
      assertThat(plain.sql("SELECT COUNT(*) FROM crh.results.points TIMESTAMP AS OF '" + at + "'").first()
          .getLong(0)).isEqualTo(2L);
    } finally {
      plain.stop(); // the next test starts the shared session again
    }
  }
}
