package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark SQL views over the tables of an output root. Each view has the table's columns after a
 * leading {@code sweep} column (from the directory layout). Only the whole files of committed points
 * are read ({@link Catalog}): rows of a point whose {@code points} file is missing or truncated, temporary
 * files and foreign files are left out of every view, so nothing half-written is read.
 */
public final class TableViews {

  private TableViews() {}

  /** The registered views and the catalog they were read from (its count of ignored files). */
  public record Views(Map<Table, Dataset<Row>> tables, Catalog catalog) {}

  /** Registers points, alignment, exponents, training, moments and phases as temporary views. */
  public static Map<Table, Dataset<Row>> register(SparkSession spark, ResultStore store) throws IOException {
    return open(spark, store).tables();
  }

  /** Registers the views from the whole files of committed points only (see {@link Catalog}). */
  public static Views open(SparkSession spark, ResultStore store) throws IOException {
    // Ids such as 0123456789012345 or sweep names such as 2024 must stay strings.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    Catalog catalog = Catalog.scan(store);
    Map<Table, Dataset<Row>> views = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      views.put(t, read(spark, store, catalog, t));
    }
    views.forEach((t, df) -> df.createOrReplaceTempView(t.label()));
    return new Views(views, catalog);
  }

  static Dataset<Row> read(SparkSession spark, ResultStore store, Catalog catalog, Table table) {
    List<org.apache.hadoop.fs.Path> files = catalog.files(table);
    Dataset<Row> df;
    if (!files.isEmpty()) {
      // Explicit files, never the directory: Spark would read a truncated or foreign file as a result.
      String[] paths = files.stream().map(org.apache.hadoop.fs.Path::toString).toArray(String[]::new);
      df = spark.read().option("basePath", store.tableDir(table).toString()).option("mergeSchema", "false")
          .parquet(paths);
    } else {
      df = spark.createDataFrame(new ArrayList<Row>(), withSweep(table));
    }
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("sweep"));
    for (org.crhsweep.store.Column c : table.columns()) {
      cols.add(functions.col(c.name()));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  /** The Spark schema of a table, with the leading {@code sweep} column. */
  public static StructType withSweep(Table table) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("sweep", DataTypes.StringType, true));
    for (org.crhsweep.store.Column c : table.columns()) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(org.crhsweep.store.Column.Type t) {
    return switch (t) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }
}
