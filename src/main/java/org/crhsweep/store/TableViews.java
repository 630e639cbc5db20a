package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
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
 * leading {@code sweep} column (from the directory layout). Rows of a point whose {@code points} file
 * is missing (an unfinished commit) are left out of every view, so nothing half-written is read.
 */
public final class TableViews {

  private TableViews() {}

  /** Registers points, alignment, exponents, training, moments and phases as temporary views. */
  public static Map<Table, Dataset<Row>> register(SparkSession spark, ResultStore store) throws IOException {
    // Ids such as 0123456789012345 or sweep names such as 2024 must stay strings.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    FileSystem fs = store.fileSystem();
    Map<Table, Dataset<Row>> views = new EnumMap<>(Table.class);
    Dataset<Row> points = read(spark, fs, store, Table.POINTS);
    views.put(Table.POINTS, points);
    Dataset<Row> committed = points.select("sweep", "point_id");
    for (Table t : List.of(Table.ALIGNMENT, Table.EXPONENTS, Table.TRAINING, Table.MOMENTS)) {
      views.put(t, read(spark, fs, store, t).join(committed, seq("sweep", "point_id"), "left_semi"));
    }
    views.put(Table.PHASES, read(spark, fs, store, Table.PHASES));
    views.forEach((t, df) -> df.createOrReplaceTempView(t.label()));
    return views;
  }

  private static scala.collection.Seq<String> seq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }

  static Dataset<Row> read(SparkSession spark, FileSystem fs, ResultStore store, Table table) throws IOException {
    org.apache.hadoop.fs.Path dir = store.tableDir(table);
    Dataset<Row> df;
    if (fs.exists(dir) && hasData(fs, dir)) {
      df = spark.read().option("basePath", dir.toString()).option("mergeSchema", "false").parquet(dir.toString());
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

  private static boolean hasData(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
    var it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      String name = it.next().getPath().getName();
      if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
        return true;
      }
    }
    return false;
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
