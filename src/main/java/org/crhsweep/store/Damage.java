package org.crhsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A committed data file that no longer holds what its table recorded: missing, of another length, without
 * Parquet's footer, or (on a full check) failing its checksum. Carries the points whose rows it held, from
 * the file's point_id bounds: exact for a point's own file, a range after compaction (every committed
 * point of the sweep in that range).
 */
public record Damage(Table table, String sweep, DataFile file, String reason, Set<String> points) {

  public String path() {
    return file.location();
  }

  /** One line naming the file, its table and points, and the command that repairs it. */
  public String line(String root) {
    return String.format("damaged data file %s of table %s (%s; %d point%s of sweep %s: %s): run crh repair --out "
        + "%s --sweep %s, then crh sweep runs those points again", path(), table.label(), reason, points.size(),
        points.size() == 1 ? "" : "s", sweep, points.size() <= 4 ? String.join(", ", points)
            : String.join(", ", new ArrayList<>(points).subList(0, 4)) + ", ...", root, sweep);
  }

  /**
   * The damaged files of the tables' current snapshots ({@code sweep} null: every sweep). {@code full} also
   * reads every file through the checksummed file system (what {@code crh repair} does); without it only
   * lengths and footers are checked, which is cheap.
   */
  static List<Damage> find(ResultTables tables, ResultStore store, String sweep, boolean full) throws IOException {
    List<Damage> out = new ArrayList<>();
    for (Table t : Table.values()) {
      org.apache.iceberg.Table table = tables.table(t);
      table.refresh();
      if (table.currentSnapshot() == null) {
        continue;
      }
      Expression filter = sweep == null ? Expressions.alwaysTrue() : Expressions.equal("sweep", sweep);
      int field = table.schema().findField("point_id").fieldId();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          DataFile f = task.file();
          String why = check(store, f.location(), f.fileSizeInBytes(), full);
          if (why != null) {
            String s = String.valueOf(f.partition().get(0, String.class));
            out.add(new Damage(t, s, f, why, points(tables, t, s, f, field)));
          }
        }
      }
    }
    return out;
  }

  /** Why a file is not what its table recorded, or null when it is. */
  private static String check(ResultStore store, String location, long recorded, boolean full) throws IOException {
    Path p = new Path(location);
    FileSystem fs = p.getFileSystem(store.conf());
    FileSystem raw = NioLocalFileSystem.withoutChecksums(fs);
    FileStatus st;
    try {
      st = raw.getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      return "missing";
    }
    if (st.getLen() != recorded) {
      return st.getLen() + " bytes where " + recorded + " were committed";
    }
    if (recorded < 12) {
      return "too short for Parquet";
    }
    byte[] tail = new byte[4];
    try (FSDataInputStream in = raw.open(p)) {
      in.readFully(recorded - 4, tail);
    }
    if (tail[0] != 'P' || tail[1] != 'A' || tail[2] != 'R' || tail[3] != '1') {
      return "no Parquet footer";
    }
    if (full) {
      try (InputStream in = fs.open(p)) {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
          // read through: a checksummed file system fails on a changed byte
        }
      } catch (IOException e) {
        return "unreadable: " + e.getClass().getSimpleName();
      }
    }
    return null;
  }

  /**
   * The points a damaged file held: its own point, or the points of the sweep within its bounds, read from
   * another table of the sweep that can still be read.
   */
  private static Set<String> points(ResultTables tables, Table damaged, String sweep, DataFile f, int field) {
    String lo = RowFiles.bound(f.lowerBounds(), field);
    String hi = RowFiles.bound(f.upperBounds(), field);
    Set<String> out = new TreeSet<>();
    if (lo == null || hi == null) {
      return out;
    }
    if (lo.equals(hi)) {
      out.add(lo);
      return out;
    }
    Expression range = Expressions.and(Expressions.equal("sweep", sweep),
        Expressions.and(Expressions.greaterThanOrEqual("point_id", lo), Expressions.lessThanOrEqual("point_id", hi)));
    for (Table t : List.of(Table.TRAINING, Table.POINTS, Table.MOMENTS, Table.EXPONENTS, Table.ALIGNMENT)) {
      if (t == damaged) {
        continue;
      }
      try (CloseableIterable<org.apache.iceberg.data.Record> rows = org.apache.iceberg.data.IcebergGenerics
          .read(tables.table(t)).where(range).select("point_id").build()) {
        for (org.apache.iceberg.data.Record r : rows) {
          out.add((String) r.getField("point_id"));
        }
        return out;
      } catch (IOException | RuntimeException unreadable) {
        out.clear(); // damaged too: try the next table
      }
    }
    return out;
  }
}
