package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.Permutations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A user's dataset from Parquet, read through the Hadoop FileSystem API (file://, hdfs://, s3a:// alike):
 * one file or a directory of part files (hidden files and _SUCCESS skipped). A features column holds a
 * numeric array per row (Spark's {@code array<double|float|int>}); the label column is an integer class
 * (classification, one-hot over {@code max + 1} classes), a number (regression, one output) or a numeric
 * array (regression, several outputs). Rows are shuffled by the seed; the first {@code probeSize} are
 * the probe set, the next {@code trainSize} (all the rest when 0) the training set.
 */
public final class ParquetDataset {

  private ParquetDataset() {}

  public static Dataset load(String path, String featuresColumn, String labelColumn, int trainSize, int probeSize,
      long seed, DataType dtype, Configuration conf) {
    List<double[]> features = new ArrayList<>();
    List<double[]> labels = new ArrayList<>();
    boolean[] integerLabel = {true};
    try {
      for (Path file : files(path, conf)) {
        read(file, conf, featuresColumn, labelColumn, features, labels, integerLabel);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("dataset.path " + path + ": cannot read Parquet (" + e.getMessage() + ")", e);
    }
    int n = features.size();
    int train = trainSize == 0 ? n - probeSize : trainSize;
    if (train < 1 || probeSize + train > n) {
      throw new IllegalArgumentException("dataset.path " + path + " has " + n + " rows, fewer than train_size ("
          + trainSize + ") + probe.samples (" + probeSize + "): lower them or add rows");
    }
    int dim = features.get(0).length;
    for (int i = 0; i < n; i++) {
      if (features.get(i).length != dim) {
        throw new IllegalArgumentException("dataset.features column '" + featuresColumn + "' has arrays of length "
            + dim + " and " + features.get(i).length + ": every row needs the same length");
      }
    }
    int classes = 0;
    if (integerLabel[0]) {
      for (double[] l : labels) {
        classes = Math.max(classes, (int) l[0] + 1);
      }
    }
    int out = integerLabel[0] ? classes : labels.get(0).length;
    int[] order = Permutations.shuffled(n, new Random(seed));
    double[][] x = new double[2][];
    double[][] y = new double[2][];
    int[] sizes = {train, probeSize};
    int offset = probeSize;
    for (int split = 0; split < 2; split++) {
      int m = sizes[split];
      int from = split == 0 ? offset : 0;
      x[split] = new double[m * dim];
      y[split] = new double[m * out];
      for (int i = 0; i < m; i++) {
        int row = order[from + i];
        System.arraycopy(features.get(row), 0, x[split], i * dim, dim);
        double[] l = labels.get(row);
        if (integerLabel[0]) {
          y[split][i * out + (int) l[0]] = 1.0;
        } else {
          if (l.length != out) {
            throw new IllegalArgumentException("dataset.label column '" + labelColumn
                + "' has arrays of different lengths: every row needs the same length");
          }
          System.arraycopy(l, 0, y[split], i * out, out);
        }
      }
    }
    return new Dataset("parquet",
        Nd4j.create(x[0], new long[] {train, dim}, DataType.DOUBLE).castTo(dtype),
        Nd4j.create(y[0], new long[] {train, out}, DataType.DOUBLE).castTo(dtype),
        Nd4j.create(x[1], new long[] {probeSize, dim}, DataType.DOUBLE).castTo(dtype),
        Nd4j.create(y[1], new long[] {probeSize, out}, DataType.DOUBLE).castTo(dtype),
        integerLabel[0] ? classes : 0);
  }

  static List<Path> files(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw new IllegalArgumentException("dataset.path " + path + " does not exist: give a Parquet file or a directory "
          + "of part files");
    }
    List<Path> out = new ArrayList<>();
    if (fs.getFileStatus(p).isFile()) {
      out.add(p);
    } else {
      for (FileStatus s : fs.listStatus(p)) {
        String name = s.getPath().getName();
        if (s.isFile() && !name.startsWith(".") && !name.startsWith("_") && name.endsWith(".parquet")) {
          out.add(s.getPath());
        }
      }
      out.sort(null);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("dataset.path " + path + " holds no .parquet files");
    }
    return out;
  }

  private static void read(Path file, Configuration conf, String featuresColumn, String labelColumn,
      List<double[]> features, List<double[]> labels, boolean[] integerLabel) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group g;
      boolean first = true;
      while ((g = reader.read()) != null) {
        if (first) {
          requireColumn(g.getType(), featuresColumn, "features", file);
          requireColumn(g.getType(), labelColumn, "label", file);
          Type label = g.getType().getType(labelColumn);
          integerLabel[0] &= label.isPrimitive() && isInteger(label.asPrimitiveType().getPrimitiveTypeName());
          first = false;
        }
        features.add(numbers(g, featuresColumn));
        labels.add(numbers(g, labelColumn));
      }
    }
  }

  private static void requireColumn(GroupType schema, String column, String field, Path file) {
    if (!schema.containsField(column)) {
      List<String> names = schema.getFields().stream().map(Type::getName).toList();
      throw new IllegalArgumentException("dataset." + field + ": column '" + column + "' is not in " + file
          + " (columns: " + String.join(", ", names) + ")");
    }
  }

  private static boolean isInteger(PrimitiveTypeName t) {
    return t == PrimitiveTypeName.INT32 || t == PrimitiveTypeName.INT64;
  }

  /**
   * The numbers of a column in one row: a scalar, a repeated primitive (legacy 2-level list) or a LIST
   * group (Spark's 3-level {@code list.element}).
   */
  static double[] numbers(Group row, String column) {
    Type t = row.getType().getType(column);
    int count = row.getFieldRepetitionCount(column);
    if (t.isPrimitive()) {
      double[] v = new double[count];
      for (int i = 0; i < count; i++) {
        v[i] = primitive(row, column, i, t.asPrimitiveType().getPrimitiveTypeName());
      }
      if (count == 0) {
        throw new IllegalArgumentException("column '" + column + "' is null in a row: every row needs a value");
      }
      return v;
    }
    if (count == 0) {
      throw new IllegalArgumentException("column '" + column + "' is null in a row: every row needs a value");
    }
    Group list = row.getGroup(column, 0);
    GroupType listType = list.getType();
    String repeated = listType.getFieldName(0);
    int n = list.getFieldRepetitionCount(repeated);
    double[] v = new double[n];
    Type rep = listType.getType(0);
    for (int i = 0; i < n; i++) {
      if (rep.isPrimitive()) {
        v[i] = primitive(list, repeated, i, rep.asPrimitiveType().getPrimitiveTypeName());
      } else {
        Group element = list.getGroup(repeated, i);
        Type et = element.getType().getType(0);
        if (element.getFieldRepetitionCount(0) == 0) {
          throw new IllegalArgumentException("column '" + column + "' has a null array element");
        }
        v[i] = primitive(element, element.getType().getFieldName(0), 0, et.asPrimitiveType().getPrimitiveTypeName());
      }
    }
    return v;
  }

  private static double primitive(Group g, String field, int index, PrimitiveTypeName t) {
    return switch (t) {
      case DOUBLE -> g.getDouble(field, index);
      case FLOAT -> g.getFloat(field, index);
      case INT32 -> g.getInteger(field, index);
      case INT64 -> g.getLong(field, index);
      default -> throw new IllegalArgumentException("column '" + field + "' has type " + t
          + ": features and labels must be numbers (double, float, int, long)");
    };
  }
}
