package org.crhsweep.sweep;

import java.io.IOException;
import java.util.Map;
import org.crhsweep.spec.Point;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a point on its executor: its points row joins its measurement rows, its checkpoint is
 * written, and the rows are staged for the driver's commit ({@link PointCommitter}). Recording trouble
 * is reported as a failed, unrecorded outcome, never thrown; {@link #describe} is the one-line error text
 * every failure is recorded with.
 */
final class FinishedPoint {

  private static final Logger LOG = LoggerFactory.getLogger(FinishedPoint.class);
  private static final int MAX_ERROR_CHARS = 2000;

  private FinishedPoint() {}

  static Outcome commit(Point point, ResultStore store, PointRecorder recorder, Outcome.Status status,
      String error, long stepsDone, double wall, ExecutorInfo where, int packSize,
      byte[] checkpoint) {
    String id = point.id();
    Map<Table, TableRows> rows = recorder.rows();
    rows.get(Table.POINTS).add(
        PointsRow.of(point, status, error, stepsDone, recorder.last(), wall, where, packSize).values());
    try {
      FaultPlan.inForce().beforeCommit(id);
      if (checkpoint != null) {
        // Before the points row: a committed point never points at a missing or half-written checkpoint.
        store.writeCheckpoint(point.sweep(), id, checkpoint);
      }
      return new Outcome(id, status, error, wall, store.stagePoint(point.sweep(), id, rows));
    } catch (IOException | RuntimeException e) {
      // Recording failed (file system trouble): report it; the point stays uncommitted and a rerun retries it.
      if (Thread.currentThread().isInterrupted()) {
        // Its task was cancelled (the sweep was stopped): expected, and the point is rerun.
        LOG.info("point {} not recorded, its task was cancelled: {}", id, describe(e));
      } else {
        LOG.error("point {} could not be recorded: {}", id, describe(e));
      }
      return new Outcome(id, Outcome.Status.FAILED, "recording failed: " + describe(e), wall, null);
    }
  }

  /** A failure as one line of at most 2000 characters: its type, message, cause and, for OOM or stack, the remedy. */
  static String describe(Throwable e) {
    String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (e instanceof OutOfMemoryError) {
      msg += " (the point needs more memory than its JVM has: raise spark.executor.memory, or -Xmx in CRH_JAVA_OPTS "
          + "for a local jobs/crh run, or run fewer points per executor with a larger spark.task.cpus)";
    } else if (e instanceof StackOverflowError) {
      msg += " (the thread stack is too small for this model: raise -Xss in spark.executor.extraJavaOptions)";
    }
    Throwable c = e.getCause();
    if (c != null && c != e) {
      msg += " (caused by " + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
    }
    msg = msg.replace('\n', ' ');
    return msg.length() > MAX_ERROR_CHARS ? msg.substring(0, MAX_ERROR_CHARS) : msg;
  }
}
