package org.crhsweep.store;

import java.time.Duration;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction and housekeeping of the result tables through Iceberg's own Spark actions: a sweep's small
 * per-point data files rewritten into large ones (rows deleted by reruns applied on the way), manifests
 * rewritten, snapshots older than the retention expired (time travel reaches back that far), and files no
 * snapshot names that are older than the orphan age removed (what killed writers left). Each action
 * commits on its own; a reader at any moment sees one consistent snapshot.
 */
public final class Housekeeping {

  /** How long old snapshots stay reachable for time travel, unless the command says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  /**
   * Files no snapshot names are removed only once older than this: a running writer's staged files are
   * committed within seconds of being written, so an hour leaves every live writer alone.
   */
  public static final Duration DEFAULT_ORPHAN_AGE = Duration.ofHours(1);
  /** Data files of a sweep per table below which a rewrite is not worth a Spark job. */
  static final int MIN_FILES = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private Housekeeping() {}

  /** What one pass did, summed over the tables ({@code expiredSnapshots}: snapshots expired). */
  public record Result(int rewrittenFiles, int addedFiles, int removedDeleteFiles, long expiredSnapshots,
      long orphanFiles) {

    Result plus(Result o) {
      return new Result(rewrittenFiles + o.rewrittenFiles, addedFiles + o.addedFiles,
          removedDeleteFiles + o.removedDeleteFiles, expiredSnapshots + o.expiredSnapshots,
          orphanFiles + o.orphanFiles);
    }

    /** One line for a console. */
    public String line() {
      return String.format("compacted %d data files into %d (%d delete files applied), %d old snapshots expired, "
          + "%d orphan files removed", rewrittenFiles, addedFiles, removedDeleteFiles, expiredSnapshots, orphanFiles);
    }
  }

  /** Compacts {@code sweep}'s files in every table and tidies each table, orphan files included. */
  public static Result run(SparkSession spark, ResultTables tables, String sweep, Duration retention,
      Duration orphanAge) {
    return run(spark, tables, sweep, retention, orphanAge, true);
  }

  /**
   * The same; {@code removeOrphans} false skips the one step that lists every table's files and reads every
   * snapshot's manifests (several Spark jobs per table), for a sweep that ran with nothing killed.
   */
  public static Result run(SparkSession spark, ResultTables tables, String sweep, Duration retention,
      Duration orphanAge, boolean removeOrphans) {
    Result total = new Result(0, 0, 0, 0, 0);
    SparkActions actions = SparkActions.get(spark);
    long now = System.currentTimeMillis();
    for (Table t : Table.values()) {
      org.apache.iceberg.Table table = tables.table(t);
      table.refresh();
      if (table.currentSnapshot() == null) {
        continue;
      }
      int rewritten = 0;
      int added = 0;
      int deletes = 0;
      if (worthRewriting(table, sweep)) {
        var rewrite = actions.rewriteDataFiles(table).filter(Expressions.equal("sweep", sweep))
            .option("min-input-files", String.valueOf(MIN_FILES))
            .option("delete-file-threshold", "1")
            .option("remove-dangling-deletes", "true")
            .option("target-file-size-bytes", String.valueOf(256L << 20))
            .execute();
        rewritten = rewrite.rewrittenDataFilesCount();
        added = rewrite.addedDataFilesCount();
        deletes = rewrite.removedDeleteFilesCount();
        if (rewritten > 0) {
          table.rewriteManifests().clusterBy(f -> "all").commit();
        }
      }
      int before = countSnapshots(table);
      table.expireSnapshots().expireOlderThan(now - retention.toMillis()).retainLast(1).commit();
      long expired = Math.max(0, before - countSnapshots(table));
      long orphans = 0;
      if (removeOrphans) {
        orphans = actions.deleteOrphanFiles(table).olderThan(now - orphanAge.toMillis()).execute()
            .orphanFilesCount();
      }
      LOG.info("{}: {} files rewritten into {}, {} snapshots expired, {} orphans", t.label(), rewritten, added,
          expired, orphans);
      total = total.plus(new Result(rewritten, added, deletes, expired, orphans));
    }
    return total;
  }

  /** Whether the sweep's partition has several files or any delete file (a rewrite would change something). */
  private static boolean worthRewriting(org.apache.iceberg.Table table, String sweep) {
    int files = 0;
    try (var tasks = table.newScan().filter(Expressions.equal("sweep", sweep)).planFiles()) {
      for (var task : tasks) {
        files++;
        if (files >= MIN_FILES || !task.deletes().isEmpty()) {
          return true;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return false;
  }

  /** How many snapshots a table keeps (expiring one also removes the files only it named). */
  private static int countSnapshots(org.apache.iceberg.Table table) {
    int n = 0;
    for (var ignored : table.snapshots()) {
      n++;
    }
    return n;
  }
}
