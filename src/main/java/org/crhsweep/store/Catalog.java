package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files under an output root that readers may trust, listed through the Hadoop FileSystem API. A
 * point is committed when its {@code points} file is a whole Parquet file; readers get only the whole
 * {@code part-*.parquet} files, in the layout, of committed points (every file of the phases table),
 * and never a directory to discover on their own. Every other file is counted as ignored: temporary
 * files of writers that are running or were killed, truncated or foreign files, and the files of
 * points whose commit never finished.
 */
public final class Catalog {

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  /** How many files a scan left out, by reason. */
  public record Ignored(int temporary, int truncated, int unfinished, int other) {

    public int total() {
      return temporary + truncated + unfinished + other;
    }

    /** One line for a console, e.g. {@code ignored 3 files under OUT that are not committed results (...)}. */
    public String line(String root) {
      return String.format("ignored %d file%s under %s that %s not committed results (%d temporary, %d truncated "
          + "or not Parquet, %d of unfinished points, %d outside the layout)", total(), total() == 1 ? "" : "s", root,
          total() == 1 ? "is" : "are", temporary, truncated, unfinished, other);
    }
  }

  private final Map<Table, List<Path>> files;
  private final Ignored ignored;

  private Catalog(Map<Table, List<Path>> files, Ignored ignored) {
    this.files = files;
    this.ignored = ignored;
  }

  /** The whole files of committed points of a table (empty when there are none). */
  public List<Path> files(Table table) {
    return files.getOrDefault(table, List.of());
  }

  public Ignored ignored() {
    return ignored;
  }

  /** Lists every table of the store once. */
  public static Catalog scan(ResultStore store) throws IOException {
    FileSystem fs = store.fileSystem();
    int[] counts = new int[4];
    Map<Table, List<Path>> whole = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      whole.put(t, wholeFiles(fs, store.tableDir(t), t == Table.PHASES ? 1 : 2, counts));
    }
    Set<String> committed = new HashSet<>();
    for (Path p : whole.get(Table.POINTS)) {
      committed.add(pointKey(p));
    }
    Map<Table, List<Path>> files = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (t == Table.POINTS || t == Table.PHASES) {
        files.put(t, whole.get(t));
        continue;
      }
      List<Path> keep = new ArrayList<>();
      for (Path p : whole.get(t)) {
        if (committed.contains(pointKey(p))) {
          keep.add(p);
        } else {
          counts[2]++;
        }
      }
      files.put(t, keep);
    }
    return new Catalog(files, new Ignored(counts[0], counts[1], counts[2], counts[3]));
  }

  /** Ids of the points of a sweep whose points file is whole (the committed ones). */
  static Set<String> committedPoints(FileSystem fs, Path sweepDir) throws IOException {
    Set<String> ids = new HashSet<>();
    if (!fs.exists(sweepDir)) {
      return ids;
    }
    for (FileStatus st : fs.listStatus(sweepDir)) {
      String name = st.getPath().getName();
      if (!st.isDirectory() || !name.startsWith("point=")) {
        continue;
      }
      Path part = new Path(st.getPath(), ResultStore.PART);
      if (fs.exists(part) && isWholeParquet(fs, fs.getFileStatus(part))) {
        ids.add(name.substring("point=".length()));
      }
    }
    return ids;
  }

  /**
   * The whole Parquet files of one table directory at the layout's depth ({@code sweep=S/point=P/part} is
   * depth 2, {@code sweep=S/part} depth 1); counts into {@code counts} temporary, truncated and other files.
   */
  private static List<Path> wholeFiles(FileSystem fs, Path dir, int depth, int[] counts) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      String name = st.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue; // a checksum of the local file system, not a file of ours
      }
      if (name.startsWith(".") || name.startsWith("_")) {
        counts[0]++;
      } else if (!name.endsWith(".parquet") || !inLayout(dir, st.getPath(), depth)) {
        counts[3]++;
      } else if (!isWholeParquet(fs, st)) {
        counts[1]++;
      } else {
        out.add(st.getPath());
      }
    }
    return out;
  }

  private static boolean inLayout(Path tableDir, Path file, int depth) {
    Path p = file.getParent();
    if (depth == 2) {
      if (p == null || !p.getName().startsWith("point=")) {
        return false;
      }
      p = p.getParent();
    }
    return p != null && p.getName().startsWith("sweep=") && p.getParent() != null
        && p.getParent().toUri().getPath().equals(tableDir.toUri().getPath());
  }

  /** A Parquet file ends with its footer length and the magic bytes; a truncated one does not. */
  static boolean isWholeParquet(FileSystem fs, FileStatus st) throws IOException {
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

  /** sweep=S/point=P of a point's file: the key that ties a point's tables together. */
  private static String pointKey(Path file) {
    Path point = file.getParent();
    return point.getParent().getName() + "/" + point.getName();
  }
}
