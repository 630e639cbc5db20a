package org.crhsweep.store;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes one Parquet file of a table through the Hadoop FileSystem API, atomically ({@link AtomicFile}).
 */
public final class ParquetFiles {

  private ParquetFiles() {}

  public static MessageType schema(Table table) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : table.columns()) {
      switch (c.type()) {
        case STRING -> b.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
            .as(LogicalTypeAnnotation.stringType()).named(c.name());
        case INT -> b.primitive(PrimitiveTypeName.INT32, Repetition.OPTIONAL).named(c.name());
        case LONG -> b.primitive(PrimitiveTypeName.INT64, Repetition.OPTIONAL).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, Repetition.OPTIONAL).named(c.name());
        case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, Repetition.OPTIONAL).named(c.name());
        default -> throw new IllegalStateException("unhandled column type " + c.type());
      }
    }
    return b.named(table.label());
  }

  /** Writes {@code rows} to {@code target}, replacing any file there, visible only once complete. */
  public static void writeAtomically(FileSystem fs, Configuration conf, Path target, TableRows rows) throws IOException {
    MessageType schema = schema(rows.table());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    List<Column> cols = rows.table().columns();
    AtomicFile.write(fs, target, tmp -> {
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, conf))
          .withType(schema)
          .withConf(conf)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        for (Object[] row : rows.rows()) {
          Group g = groups.newGroup();
          for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
              continue;
            }
            String name = cols.get(i).name();
            switch (cols.get(i).type()) {
              case STRING -> g.append(name, (String) v);
              case INT -> g.append(name, (Integer) v);
              case LONG -> g.append(name, (Long) v);
              case DOUBLE -> g.append(name, (Double) v);
              case BOOLEAN -> g.append(name, (Boolean) v);
              default -> throw new IllegalStateException("unhandled column type");
            }
          }
          w.write(g);
        }
      }
    });
  }
}
