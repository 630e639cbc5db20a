package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.spec.TwoPointSpecs;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables can live in an Iceberg catalog the user names ({@code spark.crh.catalog}), here a JDBC catalog
 * on SQLite: a sweep commits there, resumes from there, and plain Spark SQL reads it by catalog name.
 */
class UserCatalogTest {

  static final String SPEC = TwoPointSpecs.yaml("named", 0);

  @TempDir
  Path dir;

  @Test
  void aSweepCommitsIntoAJdbcCatalogAndSparkReadsItByName() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String c = "spark.sql.catalog.lab";
    spark.conf().set(c, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(c + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    spark.conf().set(c + ".uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    spark.conf().set(c + ".jdbc.schema-version", "V1");
    spark.conf().set(c + ".warehouse", dir.resolve("warehouse").toUri().toString());
    spark.conf().set(ResultTables.CATALOG_CONF, "lab");
    try {
      ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
      ResultTables tables = ResultTables.fromSession(spark);
      store.useTables(tables);
      SweepSpec spec = SpecParser.parseString(SPEC, "named.yaml");
      new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));

      assertThat(tables.sparkName(Table.POINTS)).isEqualTo("lab.crh.points");
      assertThat(tables.table(Table.POINTS).location()).startsWith(dir.resolve("warehouse").toUri().toString()
          .replaceAll("/$", ""));
      assertThat(dir.resolve("out/results")).doesNotExist();
      assertThat(spark.sql("SELECT COUNT(*) FROM lab.crh.points WHERE sweep = 'named'").first().getLong(0))
          .isEqualTo(2L);
      TableViews.register(spark, store);
      assertThat(spark.sql("SELECT COUNT(DISTINCT point_id) FROM alignment").first().getLong(0)).isEqualTo(2L);
      assertThat(new SweepDriver(spark, store).plan(spec).todo()).isEmpty();
      assertThat(spark.sql("SHOW TABLES IN lab.crh").count()).isEqualTo(Table.values().length);
      // The phases job reads the tables by name at the snapshots it records, with the rows, in the catalog.
      PhasesSource source = PhasesSource.now(tables, spec.hash());
      assertThat(new PhaseJob(spark, store).run("named", spec.phase(), source)).isEqualTo(2 * 2 * 2);
      assertThat(PhasesSource.recorded(tables, "named").source()).isEqualTo(source);
    } finally {
      spark.conf().unset(ResultTables.CATALOG_CONF);
    }
  }

  @Test
  void aCatalogThatIsNotIcebergsIsRefusedNamingTheSetting() {
    SparkSession spark = SparkTestSession.get();
    spark.conf().set(ResultTables.CATALOG_CONF, "spark_catalog");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultTables.fromSession(spark))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("spark.crh.catalog=spark_catalog is not an Iceberg catalog")
          .hasMessageContaining("spark.sql.catalog.spark_catalog=org.apache.iceberg.spark.SparkCatalog");
    } finally {
      spark.conf().unset(ResultTables.CATALOG_CONF);
    }
  }
}
