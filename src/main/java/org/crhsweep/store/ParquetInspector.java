package org.crhsweep.store;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.crhsweep.spec.DatasetInspector;
import org.crhsweep.spec.DatasetShape;
import org.crhsweep.spec.DatasetSpec;
import org.crhsweep.spec.ParquetSpec;
import org.crhsweep.spec.SpecException;

/**
 * The driver's pre-flight on a user's Parquet dataset, through the Hadoop FileSystem API: the path exists and holds
 * .parquet files, every file has the features and label columns with numeric types, and the footers' row counts add
 * up; the feature length is read from the first row. It reads footers and one row, never the data, and every
 * problem is a one-line {@link SpecException} naming the spec field to fix (dataset.path, dataset.features,
 * dataset.label). What {@link ParquetDataset#load} later reads agrees with what it reports.
 */
public final class ParquetInspector implements DatasetInspector {

  private final Configuration conf;

  public ParquetInspector(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public DatasetShape inspect(DatasetSpec dataset) {
    ParquetSpec p = dataset.parquet();
    List<Path> files;
    try {
      Path root = new Path(p.path());
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw SpecException.field("dataset.path", p.path() + " does not exist: give a Parquet file or a directory of"
            + " .parquet part files");
      }
      files = ParquetDataset.files(p.path(), conf);
    } catch (IOException e) {
      throw SpecException.field("dataset.path", "cannot open " + p.path() + " (" + e.getMessage() + ")");
    } catch (SpecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw SpecException.field("dataset.path", p.path() + " holds no .parquet files (give a Parquet file or a"
          + " directory of .parquet part files)");
    }
    long rows = 0;
    boolean classes = true;
    Path firstNonEmpty = null;
    for (Path file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        PrimitiveTypeName features = leaf(schema, p.features(), "dataset.features", file);
        if (!numeric(features)) {
          throw SpecException.field("dataset.features", "column '" + p.features() + "' of " + file + " holds "
              + features.name().toLowerCase(Locale.ROOT) + ": it must be an array of numbers (double, float, int, long)");
        }
        PrimitiveTypeName label = leaf(schema, p.label(), "dataset.label", file);
        if (!numeric(label)) {
          throw SpecException.field("dataset.label", "column '" + p.label() + "' of " + file + " holds "
              + label.name().toLowerCase(Locale.ROOT) + ": it must be an integer class, a number or an array of numbers");
        }
        Type labelType = schema.getType(p.label());
        classes &= labelType.isPrimitive() && labelType.getRepetition() != Type.Repetition.REPEATED
            && (label == PrimitiveTypeName.INT32 || label == PrimitiveTypeName.INT64);
        long n = reader.getRecordCount();
        if (n > 0 && firstNonEmpty == null) {
          firstNonEmpty = file;
        }
        rows += n;
      } catch (IOException e) {
        throw SpecException.field("dataset.path", "cannot read " + file + " as Parquet (" + e.getMessage() + ")");
      }
    }
    if (firstNonEmpty == null) {
      throw SpecException.field("dataset.path", p.path() + " has no rows");
    }
    return new DatasetShape(rows, featureLength(firstNonEmpty, p.features()), classes);
  }

  /** The primitive type at the bottom of {@code column} (itself, or a LIST's element). */
  private static PrimitiveTypeName leaf(MessageType schema, String column, String field, Path file) {
    if (!schema.containsField(column)) {
      List<String> names = schema.getFields().stream().map(Type::getName).toList();
      throw SpecException.field(field, "column '" + column + "' is not in " + file + " (columns: "
          + String.join(", ", names) + ")");
    }
    Type t = schema.getType(column);
    while (!t.isPrimitive()) {
      if (t.asGroupType().getFieldCount() != 1) {
        throw SpecException.field(field, "column '" + column + "' of " + file + " is a struct or map: it must be"
            + " a number or an array of numbers");
      }
      t = t.asGroupType().getType(0);
    }
    return t.asPrimitiveType().getPrimitiveTypeName();
  }

  private static boolean numeric(PrimitiveTypeName t) {
    return t == PrimitiveTypeName.DOUBLE || t == PrimitiveTypeName.FLOAT || t == PrimitiveTypeName.INT32
        || t == PrimitiveTypeName.INT64;
  }

  private int featureLength(Path file, String column) {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      return ParquetDataset.numbers(reader.read(), column).length;
    } catch (IOException | IllegalArgumentException e) {
      throw SpecException.field("dataset.features", "cannot read the first row of " + file + " ("
          + e.getMessage() + ")");
    }
  }
}
