package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crhsweep.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A user's Parquet dataset written by Spark (arrays as 3-level LISTs, several part files) and read back. */
class ParquetDatasetTest {

  @TempDir
  static Path dir;

  private static final int ROWS = 40;

  /** Row i: features (i, 2i, -i), class i mod 3, target i / 10, targets (i, -i). */
  @BeforeAll
  static void write() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType()
        .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("cls", DataTypes.IntegerType)
        .add("target", DataTypes.DoubleType)
        .add("targets", DataTypes.createArrayType(DataTypes.FloatType))
        .add("name", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(RowFactory.create(List.of((double) i, 2.0 * i, -1.0 * i), i % 3, i / 10.0,
          List.of((float) i, (float) -i), "r" + i));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
    df.write().parquet(dir.resolve("data").toString());
  }

  @Test
  void integerLabelsGiveOneHotClassesAndEveryRowOnce() {
    org.crhsweep.data.Dataset d = ParquetDataset.load(dir.resolve("data").toUri().toString(), "pixels", "cls", 0, 10,
        7, DataType.DOUBLE, new Configuration());
    assertThat(d.classes()).isEqualTo(3);
    assertThat(d.trainSize()).isEqualTo(30);
    assertThat(d.probeX().rows()).isEqualTo(10);
    assertThat(d.inputDim()).isEqualTo(3);
    boolean[] seen = new boolean[ROWS];
    for (INDArray[] split : new INDArray[][] {{d.trainX(), d.trainY()}, {d.probeX(), d.probeY()}}) {
      for (int r = 0; r < split[0].rows(); r++) {
        int i = (int) split[0].getDouble(r, 0);
        assertThat(split[0].getDouble(r, 1)).isEqualTo(2.0 * i);
        assertThat(split[0].getDouble(r, 2)).isEqualTo(-1.0 * i);
        assertThat(split[1].getRow(r).toDoubleVector()).containsExactly(oneHot(i % 3));
        assertThat(seen[i]).as("row %d read twice", i).isFalse();
        seen[i] = true;
      }
    }
    assertThat(seen).containsOnly(true);
  }

  private static double[] oneHot(int k) {
    double[] v = new double[3];
    v[k] = 1;
    return v;
  }

  @Test
  void numericLabelsAreRegressionTargets() {
    org.crhsweep.data.Dataset scalar = ParquetDataset.load(dir.resolve("data").toString(), "pixels", "target", 20, 5,
        1, DataType.FLOAT, new Configuration());
    assertThat(scalar.classes()).isZero();
    assertThat(scalar.outputDim()).isEqualTo(1);
    assertThat(scalar.trainSize()).isEqualTo(20);
    for (int r = 0; r < 20; r++) {
      assertThat(scalar.trainY().getDouble(r, 0)).isCloseTo(scalar.trainX().getDouble(r, 0) / 10.0,
          org.assertj.core.api.Assertions.within(1e-6));
    }
    org.crhsweep.data.Dataset vector = ParquetDataset.load(dir.resolve("data").toString(), "pixels", "targets", 0, 5,
        1, DataType.DOUBLE, new Configuration());
    assertThat(vector.outputDim()).isEqualTo(2);
    assertThat(vector.probeY().getDouble(0, 1)).isEqualTo(-vector.probeX().getDouble(0, 0));
  }

  @Test
  void sameSeedSameSplit() {
    String path = dir.resolve("data").toString();
    INDArray a = ParquetDataset.load(path, "pixels", "cls", 0, 10, 3, DataType.DOUBLE, new Configuration()).probeX();
    INDArray b = ParquetDataset.load(path, "pixels", "cls", 0, 10, 3, DataType.DOUBLE, new Configuration()).probeX();
    INDArray c = ParquetDataset.load(path, "pixels", "cls", 0, 10, 4, DataType.DOUBLE, new Configuration()).probeX();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void badInputIsAOneLineErrorNamingTheField() {
    String path = dir.resolve("data").toString();
    assertThatThrownBy(() -> ParquetDataset.load(path, "features", "cls", 0, 10, 0, DataType.DOUBLE,
        new Configuration()))
        .hasMessageStartingWith("dataset.features: column 'features' is not in ")
        .hasMessageEndingWith("(columns: pixels, cls, target, targets, name)");
    assertThatThrownBy(() -> ParquetDataset.load(path, "pixels", "name", 0, 10, 0, DataType.DOUBLE,
        new Configuration()))
        .hasMessage("column 'name' has type BINARY: features and labels must be numbers (double, float, int, long)");
    assertThatThrownBy(() -> ParquetDataset.load(path, "pixels", "cls", 35, 10, 0, DataType.DOUBLE,
        new Configuration()))
        .hasMessage("dataset.path " + path + " has 40 rows, fewer than train_size (35) + probe.samples (10): "
            + "lower them or add rows");
    assertThatThrownBy(() -> ParquetDataset.load(path + "-missing", "pixels", "cls", 0, 10, 0, DataType.DOUBLE,
        new Configuration()))
        .hasMessage("dataset.path " + path + "-missing does not exist: give a Parquet file or a directory of part files");
  }
}
