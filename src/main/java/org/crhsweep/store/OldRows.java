package org.crhsweep.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Rows of a Parquet file of the old layout, as rows of today's table: columns matched by name, numbers
 * widened where today's type is wider; a column the table no longer has is dropped and named. A column the
 * file lacks (added since) takes the value every version before it implied ({@link #IMPLIED}), else null
 * (a measurement those versions did not make, e.g. {@code nc1}, {@code nd4j_threads}).
 */
final class OldRows {

  /**
   * Columns added after the first versions, with the value their rows had before: every point a task (data
   * parallel came with the execution columns), trained alone (packing came with pack_size), and every probe
   * site a dense layer (convolutions came with site_kind).
   */
  static final Map<String, Object> IMPLIED = Map.of("execution_mode", "task", "workers", 1,
      "averaging_frequency", 1, "pack_size", 1, "site_kind", "dense");

  private OldRows() {}

  /** Appends the rows of {@code file} to {@code into}; adds the file's columns the table lacks to {@code dropped}. */
  static void read(Path file, Configuration conf, TableRows into, Set<String> dropped) throws IOException {
    try {
      readRows(file, conf, into, dropped);
    } catch (OldLayout.DamagedException e) {
      throw e;
    } catch (IOException | org.apache.parquet.io.ParquetDecodingException e) {
      // Whole by its footer, yet unreadable: overwritten on disk, or failing its checksum.
      throw new OldLayout.DamagedException(file + " cannot be read (" + OldLayout.firstLine(e) + ")");
    }
  }

  private static void readRows(Path file, Configuration conf, TableRows into, Set<String> dropped)
      throws IOException {
    List<Column> cols = into.table().columns();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group g;
      int[] index = null;
      while ((g = reader.read()) != null) {
        GroupType type = g.getType();
        if (index == null) {
          index = new int[cols.size()];
          for (int i = 0; i < cols.size(); i++) {
            index[i] = type.containsField(cols.get(i).name()) ? type.getFieldIndex(cols.get(i).name()) : -1;
          }
          for (Type f : type.getFields()) {
            if (!"sweep".equals(f.getName()) && cols.stream().noneMatch(c -> c.name().equals(f.getName()))) {
              dropped.add(into.table().label() + "." + f.getName());
            }
          }
        }
        Object[] row = new Object[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
          int f = index[i];
          if (f >= 0 && g.getFieldRepetitionCount(f) > 0) {
            row[i] = value(g, f, type.getType(f), cols.get(i), file);
          } else if (f < 0) {
            row[i] = IMPLIED.get(cols.get(i).name());
          }
        }
        into.addRow(row);
      }
    }
  }

  private static Object value(Group g, int f, Type type, Column c, Path file) {
    if (!type.isPrimitive()) {
      throw mismatch(file, c, type);
    }
    PrimitiveTypeName p = type.asPrimitiveType().getPrimitiveTypeName();
    return switch (c.type()) {
      case STRING -> switch (p) {
        case BINARY -> g.getString(f, 0);
        default -> throw mismatch(file, c, type);
      };
      case INT -> switch (p) {
        case INT32 -> g.getInteger(f, 0);
        default -> throw mismatch(file, c, type);
      };
      case LONG -> switch (p) {
        case INT32 -> (long) g.getInteger(f, 0);
        case INT64 -> g.getLong(f, 0);
        default -> throw mismatch(file, c, type);
      };
      case DOUBLE -> switch (p) {
        case DOUBLE -> g.getDouble(f, 0);
        case FLOAT -> (double) g.getFloat(f, 0);
        case INT32 -> (double) g.getInteger(f, 0);
        case INT64 -> (double) g.getLong(f, 0);
        default -> throw mismatch(file, c, type);
      };
      case BOOLEAN -> switch (p) {
        case BOOLEAN -> g.getBoolean(f, 0);
        default -> throw mismatch(file, c, type);
      };
    };
  }

  private static IllegalArgumentException mismatch(Path file, Column c, Type type) {
    return new IllegalArgumentException(file + ": column " + c.name() + " is " + type + " there, which does not "
        + "convert to today's " + c.type().name().toLowerCase(java.util.Locale.ROOT));
  }
}
