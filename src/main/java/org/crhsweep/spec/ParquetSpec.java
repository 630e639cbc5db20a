package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a user's Parquet dataset ({@code dataset.kind} parquet) lives and how to read it: {@code path} is a file
 * or a directory of part files as a Hadoop URI or local path (file://, hdfs://, s3a://), {@code features} the
 * column holding a numeric array per row, {@code label} the column holding an integer class (classification) or
 * a number or numeric array (regression), and {@code image} the {C, H, W} shape of a features row for the image
 * architectures (cnn, resnet), empty for flat data. What the columns hold (feature length, classes) is read from
 * the data, not written here: see {@link DatasetInspector}.
 */
public record ParquetSpec(String path, String features, String label, List<Integer> image) implements Serializable {
  public static final String DEFAULT_FEATURES = "features";
  public static final String DEFAULT_LABEL = "label";

  /** Channels, height and width of a features row are each at most this. */
  public static final int MAX_IMAGE_SIDE = 4096;

  public ParquetSpec {
    nonBlank("dataset.path", path, "a Parquet file or directory (path or hdfs://, s3a://, file:// URI)");
    nonBlank("dataset.features", features, "a column name");
    nonBlank("dataset.label", label, "a column name");
    if (label.equals(features)) {
      throw SpecException.field("dataset.label", "must differ from dataset.features, got " + Check.quote(label));
    }
    Check.notNull("dataset.image", image);
    image = List.copyOf(image);
    if (!image.isEmpty()) {
      if (image.size() != 3) {
        throw SpecException.field("dataset.image", "must be [channels, height, width], got " + image);
      }
      for (int i = 0; i < 3; i++) {
        Check.atLeastAtMost("dataset.image[" + i + "]", image.get(i), 1, MAX_IMAGE_SIDE);
      }
    }
  }

  /** The parquet keys of a {@code dataset} section (kind, train_size and seed are the caller's). */
  static ParquetSpec read(NodeReader reader) {
    List<Integer> image = new ArrayList<>();
    if (reader.has("image")) {
      for (NodeReader element : reader.get("image").list("[channels, height, width]")) {
        image.add(element.asInt());
      }
    }
    return new ParquetSpec(reader.required("path").asString(), reader.stringOr("features", DEFAULT_FEATURES),
        reader.stringOr("label", DEFAULT_LABEL), image);
  }

  /** Adds the parquet keys to {@code node} (image only when set, so flat data has no image key). */
  ObjectNode write(ObjectNode node) {
    node.put("path", path).put("features", features).put("label", label);
    if (!image.isEmpty()) {
      node.set("image", SpecJson.array(image));
    }
    return node;
  }

  /** {C, H, W}, or null for flat features. */
  public int[] imageShape() {
    return image.isEmpty() ? null : image.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The last segment of the path, e.g. {@code mixture.parquet} for {@code hdfs://nn/data/mixture.parquet/}. */
  public String name() {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static void nonBlank(String field, String value, String what) {
    Check.notNull(field, value);
    if (value.isBlank()) {
      throw SpecException.field(field, "must be " + what + ", got ''");
    }
  }
}
