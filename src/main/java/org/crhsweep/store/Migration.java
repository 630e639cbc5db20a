package org.crhsweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Brings an output root of the layout before the Iceberg tables ({@link OldLayout}) into the tables: the rows of
 * every point that layout counted as committed are read and written again through the ordinary commit path
 * (new data files, {@link ResultTables#commit}: measurement tables, then points, a batch of points per
 * commit), then the old directories move under {@code OUT/_old-layout/}.
 *
 * <p>Rows are rewritten rather than the old files added to the tables as they are: those files carry neither
 * the {@code sweep} column nor Iceberg field ids, lack columns added since ({@code site_kind}, {@code nc1},
 * the execution columns) and lie outside the tables' locations, where compaction, repair and orphan removal
 * would treat them as foreign; rewritten rows get today's schema and the per-file point-id bounds the
 * deletes of a rerun rely on. A rerun is safe at any moment: points already in {@code points} are skipped,
 * and rows a cut-short commit left are deleted before their points are written again.
 */
public final class Migration {

  /** Where the old tables' directories go once their rows are in the tables (hidden by the underscore). */
  public static final String ASIDE = "_old-layout";
  /** Points per commit. */
  public static final int BATCH = 64;

  /** What happened to one sweep: points written now, already there, left out. */
  public record SweepMigration(String sweep, int migrated, int alreadyThere, int halfWritten,
      Map<String, String> damaged, int phasesRows) {}

  /** The migration of a root: per sweep, rows written per table, old columns dropped, where the old files went. */
  public record Result(List<SweepMigration> sweeps, Map<Table, Long> rows, Set<String> droppedColumns,
      String movedTo) {}

  private Migration() {}

  /**
   * Migrates every sweep of {@code store}'s root into {@code store.tables()}, each under its sweep lock
   * (refused, {@link SweepLock.HeldException}, while that sweep's driver runs), then moves the old files aside.
   */
  public static Result run(ResultStore store, int batch) throws IOException {
    OldLayout old = new OldLayout(store.fileSystem(), new Path(store.qualifiedRoot()));
    Map<Table, Long> rows = new EnumMap<>(Table.class);
    Set<String> dropped = new TreeSet<>();
    List<SweepMigration> sweeps = new ArrayList<>();
    for (String sweep : old.sweeps()) {
      try (SweepLock lock = SweepLock.acquire(store, sweep)) {
        sweeps.add(sweep(store, old, sweep, batch, rows, dropped));
      }
    }
    Path aside = old.moveAside();
    return new Result(sweeps, rows, dropped, aside.toString());
  }

  private static SweepMigration sweep(ResultStore store, OldLayout old, String sweep, int batch,
      Map<Table, Long> rows, Set<String> dropped) throws IOException {
    ResultTables tables = store.tables();
    Configuration conf = store.conf();
    // Rows of a migration (or sweep) cut short between its commits: gone before their points are written.
    Set<String> there = tables.pointStatuses(sweep).keySet();
    Set<String> cutShort = tables.uncommitted(sweep, there);
    if (!cutShort.isEmpty()) {
      tables.deletePoints(sweep, cutShort);
    }
    int migrated = 0;
    int alreadyThere = 0;
    int halfWritten = 0;
    Map<String, String> damaged = new TreeMap<>();
    List<StagedPoint> staged = new ArrayList<>();
    Map<Table, Long> pending = new EnumMap<>(Table.class);
    try {
      for (Map.Entry<String, Boolean> p : old.points(sweep).entrySet()) {
        String id = p.getKey();
        if (!p.getValue()) {
          halfWritten++;
          continue;
        }
        if (there.contains(id)) {
          alreadyThere++;
          continue;
        }
        Map<Table, TableRows> pointRows = new EnumMap<>(Table.class);
        try {
          for (Map.Entry<Table, List<Path>> f : old.pointFiles(sweep, id).entrySet()) {
            TableRows r = new TableRows(f.getKey(), null);
            for (Path file : f.getValue()) {
              OldRows.read(file, conf, r, dropped);
            }
            pointRows.put(f.getKey(), r);
          }
        } catch (OldLayout.DamagedException e) {
          damaged.put(id, e.getMessage());
          continue;
        }
        pointRows.forEach((t, r) -> pending.merge(t, (long) r.size(), Long::sum));
        staged.add(store.stagePoint(sweep, id, pointRows));
        migrated++;
        if (staged.size() >= batch) {
          commit(tables, staged, pending, rows);
        }
      }
      commit(tables, staged, pending, rows);
    } catch (IOException | RuntimeException e) {
      tables.discard(staged); // staged, never committed: no snapshot names them
      throw e;
    }
    return new SweepMigration(sweep, migrated, alreadyThere, halfWritten, damaged,
        phases(store, old, sweep, rows, dropped));
  }

  private static void commit(ResultTables tables, List<StagedPoint> staged, Map<Table, Long> pending,
      Map<Table, Long> rows) {
    if (staged.isEmpty()) {
      return;
    }
    try {
      tables.commit(staged);
    } finally {
      staged.clear();
    }
    pending.forEach((t, n) -> rows.merge(t, n, Long::sum));
    pending.clear();
  }

  /** The sweep's old phases rows replace its phases in the table (one commit); -1 when a file is damaged. */
  private static int phases(ResultStore store, OldLayout old, String sweep, Map<Table, Long> rows,
      Set<String> dropped) throws IOException {
    TableRows r = new TableRows(Table.PHASES, null);
    try {
      List<Path> files = old.phasesFiles(sweep);
      if (files.isEmpty()) {
        return 0;
      }
      for (Path file : files) {
        OldRows.read(file, store.conf(), r, dropped);
      }
    } catch (OldLayout.DamagedException e) {
      return -1; // crh phases writes them again from the migrated points
    }
    store.tables().replacePhases(sweep, r);
    rows.merge(Table.PHASES, (long) r.size(), Long::sum);
    return r.size();
  }
}
