package org.crhsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.model.Network;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.spec.Point;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.train.PackedTrainer;
import org.crhsweep.train.TrainResult;
import org.crhsweep.train.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one point, or a pack of points, where it lands (an executor, or a test's JVM): its set-up
 * ({@link PointSetup}), model, training with probes, and the staging of its rows ({@link FinishedPoint}).
 * A point that throws is recorded as {@code failed} with its error text; it never throws itself, so one
 * bad point cannot take the sweep down. That includes running out of memory or stack: what such a point
 * exhausted is its own and is released as it unwinds, whereas Spark would treat the error as fatal, end the
 * executor, retry the task elsewhere and finally abort the sweep.
 */
public final class PointRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PointRunner.class);

  private PointRunner() {}

  public static Outcome run(Point point, ResultStore store, Provenance provenance, ExecutorInfo where) {
    return runRecorded(point, store, provenance, where, "point",
        (s, model, recorder) -> new Trainer(model, s.data(), s.cfg(), s.prober(), recorder).run());
  }

  /** How one point trains once it is set up: its measurements go to {@code recorder}. */
  interface Training {
    TrainResult train(PointSetup s, Network model, PointRecorder recorder);
  }

  /**
   * One point from set-up to commit, however it trains: timed, its measurements recorded, a final
   * checkpoint when done, a failure recorded as {@code failed} (never thrown), then committed on its own.
   */
  static Outcome runRecorded(Point point, ResultStore store, Provenance provenance, ExecutorInfo where,
      String kind, Training training) {
    long start = System.nanoTime();
    String id = point.id();
    PointRecorder recorder = new PointRecorder(id, point.execution(), provenance);
    Outcome.Status status;
    String error = null;
    long stepsDone = 0;
    byte[] checkpoint = null;
    try {
      FaultPlan.inForce().beforeTraining(id);
      PointSetup s = PointSetup.of(point, store);
      Network model = s.model(point);
      TrainResult result = training.train(s, model, recorder);
      stepsDone = result.stepsDone();
      status = result.diverged() ? Outcome.Status.DIVERGED : Outcome.Status.DONE;
      if (status == Outcome.Status.DONE) {
        checkpoint = FinalCheckpoint.of(point, model, s.data(), s.outputs(point), stepsDone);
      }
    } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
      status = Outcome.Status.FAILED;
      error = FinishedPoint.describe(e);
      LOG.warn("{} {} failed: {}", kind, id, error);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return FinishedPoint.commit(point, store, recorder, status, error, stepsDone, wall, where, 1, checkpoint);
  }

  /**
   * Runs points that share everything but learning rate, weight decay and seed as one packed
   * computation ({@link PackedTrainer}); each is still recorded and committed on its own, with the
   * pack's wall time shared equally. A point whose set-up fails is recorded as failed and the others
   * pack without it; if the pack itself fails, every point in it is recorded as failed.
   */
  public static List<Outcome> runPack(List<Point> points, ResultStore store, Provenance provenance,
      ExecutorInfo where) {
    if (points.size() == 1) {
      return List.of(run(points.get(0), store, provenance, where));
    }
    long start = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    List<Point> packed = new ArrayList<>();
    List<PointSetup> setups = new ArrayList<>();
    List<PointRecorder> recorders = new ArrayList<>();
    for (Point point : points) {
      PointRecorder recorder = new PointRecorder(point.id(), point.execution(), provenance);
      try {
        FaultPlan.inForce().beforeTraining(point.id());
        setups.add(PointSetup.of(point, store));
        packed.add(point);
        recorders.add(recorder);
      } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
        LOG.warn("point {} failed: {}", point.id(), FinishedPoint.describe(e));
        outcomes.add(FinishedPoint.commit(point, store, recorder, Outcome.Status.FAILED,
            FinishedPoint.describe(e), 0, (System.nanoTime() - start) / 1e9, where, 1, null));
      }
    }
    if (packed.isEmpty()) {
      return outcomes;
    }
    List<TrainResult> results = null;
    PackedMlp model = null;
    String error = null;
    try {
      PointSetup first = setups.get(0);
      long[] seeds = packed.stream().mapToLong(Point::seed).toArray();
      List<PackedTrainer.Member> members = new ArrayList<>();
      for (int i = 0; i < packed.size(); i++) {
        members.add(new PackedTrainer.Member(setups.get(i).cfg(), setups.get(i).prober(), recorders.get(i)));
      }
      model = PackedMlp.build(first.mlpShape(packed.get(0)), first.dtype(), seeds);
      results = new PackedTrainer(model, first.data(), members).run();
    } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
      error = "pack of " + packed.size() + " failed: " + FinishedPoint.describe(e);
      LOG.warn("{} ({})", error, packed.stream().map(Point::id).toList());
    }
    double wall = (System.nanoTime() - start) / 1e9 / packed.size();
    for (int i = 0; i < packed.size(); i++) {
      TrainResult r = results == null ? null : results.get(i);
      Outcome.Status status = r == null ? Outcome.Status.FAILED
          : r.diverged() ? Outcome.Status.DIVERGED : Outcome.Status.DONE;
      String memberError = r == null ? error : null;
      byte[] checkpoint = null;
      if (status == Outcome.Status.DONE) {
        try {
          checkpoint = FinalCheckpoint.ofMember(packed.get(i), model, i, setups.get(i).data(), r.stepsDone());
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
          status = Outcome.Status.FAILED;
          memberError = "checkpoint failed: " + FinishedPoint.describe(e);
        }
      }
      outcomes.add(FinishedPoint.commit(packed.get(i), store, recorders.get(i), status, memberError,
          r == null ? 0 : r.stepsDone(), wall, where, packed.size(), checkpoint));
    }
    return outcomes;
  }
}
