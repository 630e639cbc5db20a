package org.crhsweep.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removing points' rows from the result tables: rows a cut-short commit left, rows of failed points before
 * they run again, and damaged files with their points. Points table first, so readers drop a point before
 * its other rows go; whole files where they hold only those points, else equality deletes.
 */
final class RowDeletes {

  private static final Logger LOG = LoggerFactory.getLogger(RowDeletes.class);

  private RowDeletes() {}

  /**
   * Points of a sweep with rows in a measurement table but none in {@code points}: a driver died between
   * a batch's commits. Found from the files' point_id bounds alone (a point's own files have one id).
   */
  static Set<String> uncommitted(ResultTables t, String sweep) {
    return uncommitted(t, sweep, t.pointStatuses(sweep).keySet());
  }

  /** The same, given the sweep's committed points (read once by a caller that has them already). */
  static Set<String> uncommitted(ResultTables t, String sweep, Set<String> committed) {
    Set<String> out = new TreeSet<>();
    for (Table m : ResultTables.MEASUREMENTS) {
      org.apache.iceberg.Table table = t.table(m);
      table.refresh();
      if (table.currentSnapshot() == null) {
        continue;
      }
      int field = table.schema().findField("point_id").fieldId();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(Expressions.equal("sweep", sweep))
          .includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          String lo = RowFiles.bound(task.file().lowerBounds(), field);
          String hi = RowFiles.bound(task.file().upperBounds(), field);
          if (lo != null && lo.equals(hi) && !committed.contains(lo)) {
            out.add(lo);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * Removes every row of the given points of a sweep, points table first (from then on readers leave them
   * out): whole files where they hold only those points, else an equality delete. At most {@link #IN_LIMIT}
   * ids per commit, so that file pruning by metrics still works.
   */
  static void delete(ResultTables t, String sweep, Collection<String> ids) {
    List<String> all = new ArrayList<>(new TreeSet<>(ids));
    for (int from = 0; from < all.size(); from += IN_LIMIT) {
      deleteChunk(t, sweep, all.subList(from, Math.min(all.size(), from + IN_LIMIT)));
    }
  }

  /** Iceberg stops pruning files by an IN list's values above 200 of them. */
  private static final int IN_LIMIT = 200;

  private static void deleteChunk(ResultTables tables, String sweep, List<String> ids) {
    Expression filter = Expressions.and(Expressions.equal("sweep", sweep),
        Expressions.in("point_id", ids.toArray()));
    List<Table> order = new ArrayList<>();
    order.add(Table.POINTS);
    order.addAll(ResultTables.MEASUREMENTS);
    for (Table t : order) {
      org.apache.iceberg.Table table = tables.table(t);
      table.refresh();
      if (!anyFile(table, filter)) {
        continue;
      }
      try {
        table.newDelete().deleteFromRowFilter(filter).commit();
      } catch (ValidationException partial) {
        // Some file also holds other points (after compaction): delete the rows, not the files.
        table.newRowDelta().addDeletes(equalityDeletes(table, sweep, ids)).commit();
      }
      LOG.info("removed the rows of {} point(s) of sweep {} from {}", ids.size(), sweep, t.label());
    }
  }

  private static boolean anyFile(org.apache.iceberg.Table table, Expression filter) {
    if (table.currentSnapshot() == null) {
      return false;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      return tasks.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DeleteFile equalityDeletes(org.apache.iceberg.Table table, String sweep, Collection<String> ids) {
    Schema keys = table.schema().select("sweep", "point_id");
    PartitionKey partition = RowFiles.partition(table, sweep);
    OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(table.spec(), partition,
        "delete-" + UUID.randomUUID() + ".parquet"));
    try {
      EqualityDeleteWriter<Record> w = Parquet.writeDeletes(out).forTable(table).withSpec(table.spec())
          .withPartition(partition).rowSchema(keys).createWriterFunc(GenericParquetWriter::create)
          .equalityFieldIds(keys.findField("sweep").fieldId(), keys.findField("point_id").fieldId()).overwrite()
          .buildEqualityWriter();
      try (w) {
        GenericRecord r = GenericRecord.create(keys);
        for (String id : ids) {
          GenericRecord row = r.copy();
          row.setField("sweep", sweep);
          row.setField("point_id", id);
          w.write(row);
        }
      }
      return w.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes damaged files and every row of the points they held, one commit per table, points table first:
   * those points are then not committed, and the next run of the sweep runs them again.
   */
  static Set<String> repair(ResultTables tables, List<Damage> damages) {
    Set<String> points = new TreeSet<>();
    Map<String, Set<String>> bySweep = new LinkedHashMap<>();
    for (Damage d : damages) {
      points.addAll(d.points());
      bySweep.computeIfAbsent(d.sweep(), k -> new TreeSet<>()).addAll(d.points());
    }
    List<Table> order = new ArrayList<>();
    order.add(Table.POINTS);
    order.addAll(ResultTables.MEASUREMENTS);
    order.add(Table.PHASES);
    for (Table t : order) {
      org.apache.iceberg.Table table = tables.table(t);
      table.refresh();
      List<DataFile> files = damages.stream().filter(d -> d.table() == t).map(Damage::file).toList();
      for (Map.Entry<String, Set<String>> e : bySweep.entrySet()) {
        List<DataFile> own = files.stream().filter(f -> e.getKey().equals(f.partition().get(0, String.class))).toList();
        Expression filter = Expressions.and(Expressions.equal("sweep", e.getKey()),
            Expressions.in("point_id", e.getValue().toArray()));
        if (own.isEmpty() && (e.getValue().isEmpty() || !anyFile(table, filter))) {
          continue;
        }
        try {
          var delete = table.newDelete();
          own.forEach(delete::deleteFile);
          if (!e.getValue().isEmpty()) {
            delete.deleteFromRowFilter(filter);
          }
          delete.commit();
        } catch (ValidationException partial) {
          var delta = table.newRowDelta();
          own.forEach(delta::removeRows);
          if (!e.getValue().isEmpty()) {
            delta.addDeletes(equalityDeletes(table, e.getKey(), e.getValue()));
          }
          delta.commit();
        }
      }
    }
    return points;
  }
}
