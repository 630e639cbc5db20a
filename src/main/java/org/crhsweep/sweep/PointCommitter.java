package org.crhsweep.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crhsweep.store.ResultTables;
import org.crhsweep.store.StagedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a point's commit: finished points' staged rows are committed together once the
 * oldest has waited {@code every} (five table commits per batch, however many points it holds). A batch
 * whose commit fails is reported as failed points ("commit failed: ..."), which stay uncommitted and are
 * run again by the next run of the sweep; the sweep goes on.
 */
final class PointCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(PointCommitter.class);

  private final ResultTables tables;
  private final Duration every;
  private final List<Outcome> pending = new ArrayList<>();
  private final List<Outcome> done = new ArrayList<>();
  private long oldest;

  PointCommitter(ResultTables tables, Duration every) {
    this.tables = tables;
    this.every = every;
  }

  PointCommitter add(List<Outcome> outcomes) {
    if (pending.isEmpty()) {
      oldest = System.nanoTime();
    }
    pending.addAll(outcomes);
    commitIfDue();
    return this;
  }

  void commitIfDue() {
    if (!pending.isEmpty() && System.nanoTime() - oldest >= every.toNanos()) {
      commit();
    }
  }

  /** Commits what is pending; returns every outcome seen, with commit failures as failed points. */
  List<Outcome> finish() {
    commit();
    return List.copyOf(done);
  }

  private void commit() {
    if (pending.isEmpty()) {
      return;
    }
    List<StagedPoint> staged = new ArrayList<>();
    for (Outcome o : pending) {
      if (o.recorded()) {
        staged.add(o.staged());
      }
    }
    try {
      long t0 = System.nanoTime();
      tables.commit(staged);
      LOG.info("committed {} point(s) in {} ms", staged.size(), (System.nanoTime() - t0) / 1_000_000);
      done.addAll(pending);
    } catch (RuntimeException e) {
      String why = "commit failed: " + FinishedPoint.describe(e);
      LOG.error("{} point(s) could not be committed: {}", staged.size(), why);
      for (Outcome o : pending) {
        done.add(new Outcome(o.pointId(), Outcome.Status.FAILED, why, o.wallSeconds(), null));
      }
    }
    pending.clear();
  }
}
