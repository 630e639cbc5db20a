package org.crhsweep.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Writes rows of one table into a new Parquet data file of its Iceberg table, where the table's layout
 * puts it ({@code <table>/data/sweep=S/...}). The file belongs to no snapshot until it is committed.
 */
public final class RowFiles {

  private RowFiles() {}

  /** One data file of {@code rows} (all of sweep {@code sweep}); {@code label} goes into the file name. */
  public static DataFile write(org.apache.iceberg.Table table, String sweep, TableRows rows, String label) {
    PartitionKey key = partition(table, sweep);
    GenericRecord template = GenericRecord.create(table.schema());
    template.set(0, sweep);
    String name = label + "-" + UUID.randomUUID() + ".parquet";
    OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(table.spec(), key, name));
    try {
      DataWriter<Record> writer = Parquet.writeData(out).forTable(table).withSpec(table.spec()).withPartition(key)
          .createWriterFunc(GenericParquetWriter::create).overwrite().build();
      try (writer) {
        List<Column> cols = rows.table().columns();
        // By name: a table created by an older version has the columns added since at its end.
        int[] position = new int[cols.size()];
        List<org.apache.iceberg.types.Types.NestedField> fields = table.schema().columns();
        for (int i = 0; i < cols.size(); i++) {
          position[i] = fields.indexOf(table.schema().findField(cols.get(i).name()));
        }
        for (Object[] row : rows.rows()) {
          GenericRecord r = template.copy();
          for (int i = 0; i < cols.size(); i++) {
            r.set(position[i], row[i]);
          }
          writer.write(r);
        }
      }
      return writer.toDataFile();
    } catch (IOException | RuntimeException e) {
      // A writer cut short (an interrupted task, a full disk) removes its partial file itself.
      deleteQuietly(table, out.location(), e);
      throw e instanceof IOException io ? new UncheckedIOException("writing " + out.location() + ": "
          + e.getMessage(), io) : (RuntimeException) e;
    }
  }

  /** Deletes a file this JVM wrote and no snapshot names; a failure is added to {@code cause}, not thrown. */
  static void deleteQuietly(org.apache.iceberg.Table table, String location, Exception cause) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The partition of a sweep's files in {@code table} (identity on {@code sweep}). */
  public static PartitionKey partition(org.apache.iceberg.Table table, String sweep) {
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    GenericRecord probe = GenericRecord.create(table.schema());
    probe.setField("sweep", sweep);
    key.partition(probe);
    return key;
  }

  /** A string column's lower or upper bound in a file's metadata, or null when the file records none. */
  static String bound(Map<Integer, ByteBuffer> bounds, int field) {
    ByteBuffer b = bounds == null ? null : bounds.get(field);
    return b == null ? null : Conversions.fromByteBuffer(Types.StringType.get(), b).toString();
  }
}
