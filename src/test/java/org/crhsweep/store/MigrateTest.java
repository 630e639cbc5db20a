package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.cli.CliRun;
import org.crhsweep.cli.Main;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crh migrate on a root in the layout before the Iceberg tables, built from a real sweep's rows the way those
 * versions wrote them (one part-0.parquet per table and point, no sweep column, none of the columns added
 * since, no moments table): committed points land in the tables exactly once, a half-written one does not,
 * a migration cut short between its commits is finished by a rerun, and every command then reads the root.
 */
class MigrateTest {

  static final String SPEC = HousekeepingTest.SPEC.formatted("old");
  /** Columns today's tables have that the first versions did not write. */
  static final Set<String> NEWER = Set.of("site_kind", "nc1", "execution_mode", "workers", "averaging_frequency",
      "nd4j_threads", "pack_size");
  static final List<Table> OLD_TABLES = List.of(Table.ALIGNMENT, Table.EXPONENTS, Table.TRAINING, Table.POINTS);

  @TempDir
  Path dir;

  @Test
  void committedPointsOfAnOldRootLandInTheTablesOnceAndEveryCommandReadsThem() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SweepSpec spec = SpecParser.parseString(SPEC, "old.yaml");
    ResultStore fresh = new ResultStore(dir.resolve("fresh").toString(), conf);
    new SweepDriver(spark, fresh).run(spec, p -> { }, Duration.ofMillis(200));
    List<String> ids = spec.points().stream().map(p -> p.id()).sorted().toList();

    // The old root: points 0-2 committed, point 3 half-written (its points file never renamed into place),
    // point 2's exponents file truncated on disk afterwards.
    Path old = dir.resolve("old");
    Map<Table, Long> expected = new EnumMap<>(Table.class);
    List<Row> committedPoints = new ArrayList<>();
    for (Table t : OLD_TABLES) {
      for (String id : ids) {
        List<Row> rows = spark.read().format("iceberg").load(fresh.tables().table(t).location())
            .where("point_id = '" + id + "'").collectAsList();
        Path part = old.resolve(t.label() + "/sweep=old/point=" + id + "/part-0.parquet");
        if (t == Table.POINTS && id.equals(ids.get(3))) {
          part = part.resolveSibling(".part-0.parquet.tmp-killed");
        } else if (t == Table.POINTS) {
          committedPoints.addAll(rows);
        }
        if (id.equals(ids.get(0)) || id.equals(ids.get(1))) {
          expected.merge(t, (long) rows.size(), Long::sum);
        }
        writeOld(conf, part, t, rows);
      }
    }
    Path damaged = old.resolve("exponents/sweep=old/point=" + ids.get(2) + "/part-0.parquet");
    Files.write(damaged, java.util.Arrays.copyOf(Files.readAllBytes(damaged), (int) Files.size(damaged) / 2));
    Files.createDirectories(old.resolve("_sweeps"));
    Files.writeString(old.resolve("_sweeps/old.yaml"), SPEC);
    // An old phases table: a row per committed point (the columns points and phases share).
    writeOld(conf, old.resolve("phases/sweep=old/part-0.parquet"), Table.PHASES, committedPoints);

    CliRun refused = CliRun.of("sql", "--out", old.toString(), "SELECT 1");
    assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(refused.err().strip()).doesNotContain("\n").contains("run crh migrate --out " + old);

    // A migration killed between its commits: point 0 committed, point 1's alignment rows only.
    ResultStore store = new ResultStore(old.toString(), conf);
    OldLayout layout = new OldLayout(store.fileSystem(), new org.apache.hadoop.fs.Path(store.qualifiedRoot()));
    store.tables().commit(List.of(store.stagePoint("old", ids.get(0), oldRows(layout, conf, ids.get(0)))));
    StagedPoint cut = store.stagePoint("old", ids.get(1), oldRows(layout, conf, ids.get(1)));
    store.tables().table(Table.ALIGNMENT).newAppend().appendFile(cut.files().get(Table.ALIGNMENT)).commit();
    store.tables().close();

    CliRun migrate = CliRun.of("migrate", "--out", old.toString(), "--batch", "1");
    assertThat(migrate.code()).as(migrate.err()).isEqualTo(Main.OK);
    assertThat(migrate.out()).contains("sweep old: points migrated 1, already in the tables 1, half-written and left "
        + "out 1, with a damaged file and left out 1 (crh sweep runs them again: " + ids.get(2) + "); phases rows 3")
        .contains("  damaged: file:" + damaged.toUri().getPath() + " fails its checksum")
        .contains("old files moved to ").doesNotContain("columns no longer");
    assertThat(old.resolve("points")).doesNotExist();
    assertThat(old.resolve("_old-layout/points/sweep=old")).isDirectory();

    spark = SparkTestSession.get();
    ResultStore after = new ResultStore(old.toString(), conf);
    for (Table t : OLD_TABLES) {
      // Every row in the table itself (not only what the views keep): no point twice, no leftover.
      assertThat(spark.read().format("iceberg").load(after.tables().table(t).location()).count()).as(t.label())
          .isEqualTo(expected.get(t));
    }
    assertThat(spark.read().format("iceberg").load(after.tables().table(Table.MOMENTS).location()).count()).isZero();
    TableViews.register(spark, after);
    assertThat(spark.sql("SELECT DISTINCT execution_mode, workers, site_kind FROM alignment").collectAsList())
        .extracting(Row::toString).containsExactly("[task,1,dense]");
    spark.read().format("iceberg").load(fresh.tables().table(Table.ALIGNMENT).location())
        .where("point_id IN ('" + ids.get(0) + "', '" + ids.get(1) + "')").createOrReplaceTempView("fresh_alignment");
    String cols = "point_id, step, layer, layer_name, relation, stat, alignment, cosine, null_alignment, spec_hash";
    assertThat(spark.sql("SELECT " + cols + " FROM fresh_alignment EXCEPT ALL SELECT " + cols + " FROM alignment")
        .count()).isZero();
    assertThat(spark.sql("SELECT " + cols + " FROM alignment EXCEPT ALL SELECT " + cols + " FROM fresh_alignment")
        .count()).isZero();

    CliRun sql = CliRun.of("sql", "--out", old.toString(), "--format", "csv",
        "SELECT COUNT(*) AS n FROM points WHERE sweep = 'old' AND status = 'done'");
    assertThat(sql.code()).as(sql.err()).isEqualTo(Main.OK);
    assertThat(sql.out().lines().toList()).containsExactly("n", "2");
    CliRun phases = CliRun.of("phases", "--out", old.toString(), "--sweep", "old");
    assertThat(phases.code()).as(phases.err()).isEqualTo(Main.OK);
    CliRun phasesRows = CliRun.of("sql", "--out", old.toString(), "--format", "csv",
        "SELECT COUNT(DISTINCT point_id) AS n FROM phases WHERE sweep = 'old'");
    assertThat(phasesRows.out().lines().toList()).containsExactly("n", "2");

    // crh sweep resumes the migrated root: it runs only the half-written and the damaged point, then nothing.
    Path specFile = dir.resolve("old.yaml");
    Files.writeString(specFile, SPEC);
    CliRun resume = CliRun.of("sweep", "--spec", specFile.toString(), "--out", old.toString());
    assertThat(resume.code()).as(resume.err()).isEqualTo(Main.OK);
    assertThat(resume.out()).contains("2 done, 2 to run").contains("sweep old finished: 2 ran (2 done");
    spark = SparkTestSession.get();
    SweepDriver.Plan plan = new SweepDriver(spark, new ResultStore(old.toString(), conf)).plan(spec);
    assertThat(plan.todo()).isEmpty();
    assertThat(plan.kept()).isEqualTo(4);
    // A second migrate finds nothing to do.
    CliRun again = CliRun.of("migrate", "--out", old.toString());
    assertThat(again.code()).isEqualTo(Main.OK);
    assertThat(again.out()).startsWith("nothing to migrate");
  }

  @Test
  void aRootWithoutTheOldLayoutHasNothingToMigrate() throws Exception {
    CliRun r = CliRun.of("migrate", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith("nothing to migrate: ");
    CliRun missing = CliRun.of("migrate", "--out", dir.resolve("nowhere").toString());
    assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err().strip()).doesNotContain("\n").contains("--out").contains("is not a directory");
  }

  private static Map<Table, TableRows> oldRows(OldLayout layout, Configuration conf, String id) throws IOException {
    Map<Table, TableRows> rows = new EnumMap<>(Table.class);
    for (var f : layout.pointFiles("old", id).entrySet()) {
      TableRows r = new TableRows(f.getKey(), null);
      for (var file : f.getValue()) {
        OldRows.read(file, conf, r, new HashSet<>());
      }
      rows.put(f.getKey(), r);
    }
    return rows;
  }

  /**
   * Writes rows the way the first versions did (ParquetFiles before the Iceberg tables): the table's columns
   * without {@code sweep} and without {@link #NEWER}, every one optional, Snappy.
   */
  private static void writeOld(Configuration conf, Path file, Table t, List<Row> rows) throws IOException {
    Files.createDirectories(file.getParent());
    List<Column> cols = new ArrayList<>();
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : t.columns()) {
      if (NEWER.contains(c.name())) {
        continue;
      }
      cols.add(c);
      switch (c.type()) {
        case STRING -> b.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
            .as(LogicalTypeAnnotation.stringType()).named(c.name());
        case INT -> b.primitive(PrimitiveTypeName.INT32, Repetition.OPTIONAL).named(c.name());
        case LONG -> b.primitive(PrimitiveTypeName.INT64, Repetition.OPTIONAL).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, Repetition.OPTIONAL).named(c.name());
        case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, Repetition.OPTIONAL).named(c.name());
      }
    }
    MessageType schema = b.named(t.label());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), conf)).withType(schema).withConf(conf).build()) {
      for (Row row : rows) {
        Group g = groups.newGroup();
        for (Column c : cols) {
          Object v = java.util.Arrays.asList(row.schema().fieldNames()).contains(c.name()) ? row.getAs(c.name()) : null;
          if (v == null) {
            continue;
          }
          switch (c.type()) {
            case STRING -> g.append(c.name(), (String) v);
            case INT -> g.append(c.name(), (Integer) v);
            case LONG -> g.append(c.name(), (Long) v);
            case DOUBLE -> g.append(c.name(), (Double) v);
            case BOOLEAN -> g.append(c.name(), (Boolean) v);
          }
        }
        w.write(g);
      }
    }
  }
}
