package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.spark.SparkReadOptions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Spark SQL views over the result tables of an output root. Each view has the table's columns after a
 * leading {@code sweep} column, read from the tables' current snapshots. The measurement views (alignment,
 * exponents, training, moments) keep only rows of points the points table lists, so rows of a commit that
 * a killed driver cut short are never read ({@link ResultTables#commit}).
 */
public final class TableViews {

  private TableViews() {}

  /** The registered views. */
  public record Views(Map<Table, Dataset<Row>> tables) {}

  /** Registers points, alignment, exponents, training, moments and phases as temporary views. */
  public static Map<Table, Dataset<Row>> register(SparkSession spark, ResultStore store) throws IOException {
    return open(spark, store).tables();
  }

  /**
   * Registers the views with the tables named in {@code at} read at the given snapshot ids (what the phases job
   * recorded as read, {@link PhasesSource#snapshots}), the others at their current snapshots.
   */
  public static Map<Table, Dataset<Row>> register(SparkSession spark, ResultStore store, Map<Table, Long> at)
      throws IOException {
    return open(spark, store, at).tables();
  }

  /** Registers the views; the tables are created first if the root has none yet. */
  public static Views open(SparkSession spark, ResultStore store) throws IOException {
    return open(spark, store, Map.of());
  }

  private static Views open(SparkSession spark, ResultStore store, Map<Table, Long> at) throws IOException {
    ResultTables tables = store.tables();
    pathCatalog(spark, store);
    Map<Table, Dataset<Row>> raw = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      DataFrameReader reader = spark.read();
      if (at.containsKey(t)) {
        reader = reader.option(SparkReadOptions.SNAPSHOT_ID, at.get(t));
      }
      String name = tables.sparkName(t);
      raw.put(t, name != null ? reader.table(name) : reader.format("iceberg").load(tables.table(t).location()));
    }
    Dataset<Row> committed = functions.broadcast(raw.get(Table.POINTS).select("sweep", "point_id"));
    Map<Table, Dataset<Row>> views = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      Dataset<Row> df = raw.get(t);
      if (t != Table.POINTS && t != Table.PHASES) {
        df = df.join(committed, scala.collection.JavaConverters.asScalaBuffer(List.of("sweep", "point_id")).toSeq(),
            "left_semi");
      }
      views.put(t, df.select(columns(t)));
    }
    views.forEach((t, df) -> df.createOrReplaceTempView(t.label()));
    return new Views(views);
  }

  /**
   * Iceberg's Spark source loads a table given by its location through a catalog it sets up on first use,
   * by default a Hive one (whose classes are not here); a Hadoop one, uncached so every read sees the
   * current snapshot, is set up instead unless the session names one already.
   */
  static void pathCatalog(SparkSession spark, ResultStore store) {
    String key = "spark.sql.catalog.default_iceberg";
    if (spark.conf().getOption(key).isEmpty()) {
      spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
      spark.conf().set(key + ".type", "hadoop");
      spark.conf().set(key + ".warehouse", store.qualifiedRoot());
      spark.conf().set(key + ".cache-enabled", "false");
    }
  }

  private static Column[] columns(Table table) {
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("sweep"));
    for (org.crhsweep.store.Column c : table.columns()) {
      cols.add(functions.col(c.name()));
    }
    return cols.toArray(new Column[0]);
  }
}
