package org.crhsweep.store;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output root OUT on any Hadoop file system (file://, hdfs://, s3a://). A point is committed
 * when its {@code points} file exists and is a whole Parquet file: its other tables are written first,
 * so a point whose points file is missing is unfinished (rerun by resume, left out by readers, see
 * {@link Catalog}).
 *
 * <p>Serializable so executors can write: it carries the root URI and the Hadoop settings as strings.
 */
public final class ResultStore implements Serializable {

  public static final String PART = "part-0.parquet";
  /** Where {@code training.checkpoint: final} keeps a point's final parameters and probe set. */
  public static final String CHECKPOINTS = "checkpoints";
  public static final String CHECKPOINT_FILE = "final.npz";

  private final String root;
  private final Map<String, String> hadoopConf;

  public ResultStore(String root, Configuration conf) {
    this.root = root;
    this.hadoopConf = new HashMap<>();
    if (conf != null) {
      conf.forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    }
  }

  public String root() {
    return root;
  }

  public Configuration conf() {
    Configuration c = new Configuration(hadoopConf.isEmpty());
    hadoopConf.forEach(c::set);
    return NioLocalFileSystem.configure(c);
  }

  public FileSystem fileSystem() throws IOException {
    return FileSystem.get(URI.create(qualifiedRoot()), conf());
  }

  /** The root with a scheme (a bare local path becomes file:/abs/path). */
  public String qualifiedRoot() {
    URI u = URI.create(root.replace(" ", "%20"));
    if (u.getScheme() == null) {
      return new java.io.File(root).getAbsoluteFile().toURI().toString();
    }
    return root;
  }

  public Path tableDir(Table table) {
    return new Path(qualifiedRoot(), table.label());
  }

  public Path sweepDir(Table table, String sweep) {
    return new Path(tableDir(table), "sweep=" + sweep);
  }

  public Path pointFile(Table table, String sweep, String pointId) {
    return new Path(new Path(sweepDir(table, sweep), "point=" + pointId), PART);
  }

  /** Writes a point's rows, the points table last, each file atomically. */
  public void commitPoint(String sweep, String pointId, Map<Table, TableRows> rows) throws IOException {
    FileSystem fs = fileSystem();
    Configuration conf = conf();
    for (Table t : Table.perPoint()) {
      TableRows r = rows.get(t);
      if (r == null) {
        continue;
      }
      Path target = pointFile(t, sweep, pointId);
      fs.mkdirs(target.getParent());
      ParquetFiles.writeAtomically(fs, conf, target, r);
    }
  }

  /**
   * Takes a committed point back to "never run" before it runs again: its points file goes first (from then
   * on readers leave the point out), then its files in the other tables and its checkpoint, so no attempt's
   * rows can be read with another attempt's points row.
   */
  public void uncommitPoint(String sweep, String pointId) throws IOException {
    FileSystem fs = fileSystem();
    fs.delete(pointFile(Table.POINTS, sweep, pointId), false);
    for (Table t : Table.perPoint()) {
      fs.delete(pointFile(t, sweep, pointId).getParent(), true);
    }
    fs.delete(checkpointFile(sweep, pointId).getParent(), true);
  }

  /** Writes the sweep's phases table atomically (replacing any earlier one). */
  public Path writePhases(String sweep, TableRows rows) throws IOException {
    FileSystem fs = fileSystem();
    Path target = new Path(sweepDir(Table.PHASES, sweep), PART);
    fs.mkdirs(target.getParent());
    ParquetFiles.writeAtomically(fs, conf(), target, rows);
    return target;
  }

  /** Ids of the committed points of a sweep: those whose points file is a whole Parquet file. */
  public Set<String> committedPoints(String sweep) throws IOException {
    return Catalog.committedPoints(fileSystem(), sweepDir(Table.POINTS, sweep));
  }

  /** OUT/checkpoints/sweep=S/point=ID/final.npz. */
  public Path checkpointFile(String sweep, String pointId) {
    Path sweepDir = new Path(new Path(qualifiedRoot(), CHECKPOINTS), "sweep=" + sweep);
    return new Path(new Path(sweepDir, "point=" + pointId), CHECKPOINT_FILE);
  }

  /**
   * Writes a point's checkpoint atomically; called before {@link #commitPoint}, so a committed point
   * never points at a half-written checkpoint.
   */
  public void writeCheckpoint(String sweep, String pointId, byte[] content) throws IOException {
    FileSystem fs = fileSystem();
    Path target = checkpointFile(sweep, pointId);
    fs.mkdirs(target.getParent());
    AtomicFile.write(fs, target, tmp -> {
      try (var out = fs.create(tmp, true)) {
        out.write(content);
      }
    });
  }

  /** A point's checkpoint bytes, or null if it has none. */
  public byte[] readCheckpoint(String sweep, String pointId) throws IOException {
    FileSystem fs = fileSystem();
    Path f = checkpointFile(sweep, pointId);
    if (!fs.exists(f)) {
      return null;
    }
    try (var in = fs.open(f)) {
      return in.readAllBytes();
    }
  }

  /** Where a sweep's spec text is kept (hidden from Spark by the leading underscore). */
  public Path specFile(String sweep) {
    return new Path(new Path(qualifiedRoot(), "_sweeps"), sweep + ".yaml");
  }

  /** Keeps the spec a sweep ran with, so later commands (phases) use its thresholds. */
  public void saveSpec(String sweep, String yaml) throws IOException {
    FileSystem fs = fileSystem();
    Path target = specFile(sweep);
    fs.mkdirs(target.getParent());
    AtomicFile.write(fs, target, tmp -> {
      try (var out = fs.create(tmp, true)) {
        out.write(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    });
  }

  /** The spec text a sweep last ran with, or null if none is stored. */
  public String loadSpec(String sweep) throws IOException {
    FileSystem fs = fileSystem();
    Path f = specFile(sweep);
    if (!fs.exists(f)) {
      return null;
    }
    try (var in = fs.open(f)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
