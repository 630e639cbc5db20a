package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Results in the layout of versions before the Iceberg tables: {@code OUT/<table>/sweep=S/point=P/*.parquet}
 * (phases: {@code OUT/phases/sweep=S/*.parquet}), the {@code sweep} column in the path, not in the files. A
 * point counts as committed there exactly when those versions counted it: its {@code points} file
 * {@code part-0.parquet} is a whole Parquet file. Readers took only whole, visible ({@code .}/{@code _}
 * prefixes hidden) {@code .parquet} files of committed points; this class lists the same.
 */
final class OldLayout {

  /** The commit marker of a point in that layout: its points file. */
  static final String POINTS_FILE = "part-0.parquet";

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private final FileSystem fs;
  private final Path root;

  OldLayout(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /** The directories of the old tables that exist under OUT, points last (the order they are moved in). */
  List<Table> tablesPresent() throws IOException {
    List<Table> out = new ArrayList<>();
    for (Table t : List.of(Table.ALIGNMENT, Table.EXPONENTS, Table.TRAINING, Table.MOMENTS, Table.PHASES,
        Table.POINTS)) {
      if (fs.exists(tableDir(t))) {
        out.add(t);
      }
    }
    return out;
  }

  Path tableDir(Table t) {
    return new Path(root, t.label());
  }

  /** Sweep names with a directory in the old points or phases table. */
  Set<String> sweeps() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Table t : List.of(Table.POINTS, Table.PHASES)) {
      if (!fs.exists(tableDir(t))) {
        continue;
      }
      for (FileStatus st : fs.listStatus(tableDir(t))) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith("sweep=")) {
          names.add(name.substring("sweep=".length()));
        }
      }
    }
    return names;
  }

  /** Point ids of a sweep, each with whether its points file is whole (committed) or not (half-written). */
  Map<String, Boolean> points(String sweep) throws IOException {
    Map<String, Boolean> out = new TreeMap<>();
    for (Table t : Table.perPoint()) {
      Path dir = new Path(tableDir(t), "sweep=" + sweep);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith("point=")) {
          out.putIfAbsent(name.substring("point=".length()), false);
        }
      }
    }
    Path pointsDir = new Path(tableDir(Table.POINTS), "sweep=" + sweep);
    for (String id : out.keySet()) {
      Path marker = new Path(new Path(pointsDir, "point=" + id), POINTS_FILE);
      try {
        if (fs.exists(marker) && isWholeParquet(fs.getFileStatus(marker))) {
          out.put(id, true);
        }
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        out.put(id, true); // whole once, damaged since: pointFiles says so
      }
    }
    return out;
  }

  /**
   * The visible Parquet files of one committed point, by table; empty for a table the point has none in.
   *
   * @throws DamagedException when one of them is not a whole Parquet file (truncated, overwritten)
   */
  Map<Table, List<Path>> pointFiles(String sweep, String pointId) throws IOException {
    Map<Table, List<Path>> out = new EnumMap<>(Table.class);
    for (Table t : Table.perPoint()) {
      out.put(t, files(new Path(new Path(tableDir(t), "sweep=" + sweep), "point=" + pointId)));
    }
    return out;
  }

  /** The visible Parquet files of a sweep's old phases table. */
  List<Path> phasesFiles(String sweep) throws IOException {
    return files(new Path(tableDir(Table.PHASES), "sweep=" + sweep));
  }

  private List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (st.isDirectory() || name.startsWith(".") || name.startsWith("_") || !name.endsWith(".parquet")) {
        continue;
      }
      boolean whole;
      try {
        whole = isWholeParquet(st);
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        throw new DamagedException(st.getPath() + " fails its checksum (" + firstLine(e) + ")");
      }
      if (!whole) {
        throw new DamagedException(st.getPath() + " is not a whole Parquet file (" + st.getLen() + " bytes)");
      }
      out.add(st.getPath());
    }
    out.sort(null);
    return out;
  }

  /** A Parquet file ends with its footer length and the magic bytes; a truncated one does not. */
  private boolean isWholeParquet(FileStatus st) throws IOException {
    long len = st.getLen();
    if (len < 12) {
      return false;
    }
    byte[] tail = new byte[8];
    try (FSDataInputStream in = fs.open(st.getPath())) {
      in.readFully(len - 8, tail);
    }
    for (int i = 0; i < 4; i++) {
      if (tail[4 + i] != MAGIC[i]) {
        return false;
      }
    }
    long footer = (tail[0] & 0xFFL) | (tail[1] & 0xFFL) << 8 | (tail[2] & 0xFFL) << 16 | (tail[3] & 0xFFL) << 24;
    return footer > 0 && footer <= len - 12;
  }

  /**
   * Moves the old tables' directories under {@code OUT/_old-layout/} (points last, so an interrupted move
   * still leaves the root recognised as old, and a rerun finishes it); returns where they went.
   */
  Path moveAside() throws IOException {
    Path aside = new Path(root, Migration.ASIDE);
    fs.mkdirs(aside);
    for (Table t : tablesPresent()) {
      Path target = new Path(aside, t.label());
      for (int i = 1; fs.exists(target); i++) {
        target = new Path(aside, t.label() + "." + i);
      }
      if (!fs.rename(tableDir(t), target)) {
        throw new IOException("could not move " + tableDir(t) + " to " + target);
      }
    }
    return aside;
  }

  static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A file of a committed point that is not a whole Parquet file: the point is left out. */
  static final class DamagedException extends IOException {
    DamagedException(String message) {
      super(message);
    }
  }
}
