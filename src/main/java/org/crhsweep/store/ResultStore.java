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
 * The output root OUT on any Hadoop file system (file://, hdfs://, s3a://): the result tables
 * ({@link ResultTables}, Iceberg tables under {@code OUT/results/}), final checkpoints, the specs sweeps
 * ran with and the sweeps' locks. A point is committed when the points table lists it.
 *
 * <p>Serializable so executors can write: it carries the root URI and the Hadoop settings as strings, and,
 * on executors, read-only copies of the tables to write data files into ({@link #withStaging}).
 */
public final class ResultStore implements Serializable {

  /** Where {@code training.checkpoint: final} keeps a point's final parameters and probe set. */
  public static final String CHECKPOINTS = "checkpoints";
  public static final String CHECKPOINT_FILE = "final.npz";

  private final String root;
  private final Map<String, String> hadoopConf;
  /** Set on the copies shipped to executors ({@link #withStaging}). */
  private Map<Table, org.apache.iceberg.Table> staging;
  private transient ResultTables tables;

  public ResultStore(String root, Configuration conf) {
    this.root = root;
    this.hadoopConf = new HashMap<>();
    if (conf != null) {
      conf.forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    }
  }

  private ResultStore(String root, Map<String, String> hadoopConf) {
    this.root = root;
    this.hadoopConf = hadoopConf;
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

  /**
   * Gives this store the tables executors write into (read-only copies made by the driver), so that
   * {@link #stagePoint} needs no catalog on an executor.
   */
  public ResultStore withStaging(ResultTables tables) {
    ResultStore copy = new ResultStore(root, hadoopConf);
    copy.staging = tables.forExecutors();
    return copy;
  }

  /** Makes this store's tables those of a catalog the user named ({@link ResultTables#fromSession}). */
  public synchronized void useTables(ResultTables userCatalogTables) {
    this.tables = userCatalogTables;
  }

  /** The result tables (opened, and created where missing, on first use in this JVM). */
  public synchronized ResultTables tables() {
    if (tables == null) {
      tables = ResultTables.open(this);
    }
    return tables;
  }

  /**
   * Writes a point's rows as one data file per table, visible to no reader until the driver commits the
   * returned staged point ({@link ResultTables#commit}).
   */
  public StagedPoint stagePoint(String sweep, String pointId, Map<Table, TableRows> rows) {
    Map<Table, org.apache.iceberg.Table> targets = staging;
    if (targets == null) {
      targets = new java.util.EnumMap<>(Table.class);
      for (Table t : Table.perPoint()) {
        targets.put(t, tables().table(t));
      }
    }
    Map<Table, org.apache.iceberg.DataFile> files = new java.util.EnumMap<>(Table.class);
    try {
      for (Table t : Table.perPoint()) {
        TableRows r = rows.get(t);
        if (r != null && r.size() > 0) {
          files.put(t, RowFiles.write(targets.get(t), sweep, r, pointId));
        }
      }
    } catch (RuntimeException e) {
      // A point staged in part is not staged: its files written so far go too.
      for (var f : files.entrySet()) {
        RowFiles.deleteQuietly(targets.get(f.getKey()), f.getValue().path().toString(), e);
      }
      throw e;
    }
    return new StagedPoint(sweep, pointId, files);
  }

  /**
   * Writes the sweep's phases rows, replacing any earlier ones, with what they were computed from (null:
   * unknown), in one commit.
   */
  public void writePhases(String sweep, TableRows rows, PhasesSource source) {
    tables().replacePhases(sweep, rows, source);
  }

  /** Ids of the committed points of a sweep: those the points table lists. */
  public Set<String> committedPoints(String sweep) {
    return tables().pointStatuses(sweep).keySet();
  }

  /**
   * Whether OUT holds results in the layout of versions before the Iceberg tables
   * ({@code OUT/points/sweep=S/point=P/part-0.parquet}).
   */
  public boolean hasOldLayout() throws IOException {
    FileSystem fs = fileSystem();
    Path old = new Path(qualifiedRoot(), Table.POINTS.label());
    if (!fs.exists(old)) {
      return false;
    }
    for (var st : fs.listStatus(old)) {
      if (st.isDirectory() && st.getPath().getName().startsWith("sweep=")) {
        return true;
      }
    }
    return false;
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
