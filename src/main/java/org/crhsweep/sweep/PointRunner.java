package org.crhsweep.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.data.MarkovLanguage;
import org.crhsweep.data.SyntheticData;
import org.crhsweep.data.TokenData;
import org.crhsweep.model.Architectures;
import org.crhsweep.model.Network;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.DType;
import org.crhsweep.spec.DatasetSpec;
import org.crhsweep.spec.Loss;
import org.crhsweep.spec.Normalization;
import org.crhsweep.spec.Point;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.spec.OptimizerKind;
import org.crhsweep.spec.TrainingSpec;
import org.crhsweep.train.Optimizer;
import org.crhsweep.train.TrainConfig;
import org.crhsweep.train.TrainResult;
import org.crhsweep.train.Trainer;
import org.crhsweep.train.TrainingStats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one point where it lands (an executor, or a test's JVM): data, model, training with probes,
 * and the atomic commit of its rows. A point that throws is recorded as {@code failed} with its error
 * text; it never throws itself, so one bad point cannot take the sweep down.
 */
public final class PointRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PointRunner.class);
  private static final int MAX_ERROR_CHARS = 2000;

  /** Datasets are deterministic in their spec; points sharing one reuse it within a JVM. */
  private static final Map<String, Dataset> DATA = new ConcurrentHashMap<>();

  private PointRunner() {}

  public static Outcome run(Point point, ResultStore store, Provenance provenance, ExecutorInfo where,
      FaultPlan faults) {
    long start = System.nanoTime();
    String id = point.id();
    PointRecorder recorder = new PointRecorder(id, provenance);
    Outcome.Status status;
    String error = null;
    long stepsDone = 0;
    try {
      faults.beforeTraining(id);
      DataType dtype = point.training().dtype() == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
      Dataset data = dataset(point.dataset(), point.probe().samples(), dtype);
      // For token data the network's output width is the vocabulary, not the target row (the window).
      int outputs = point.dataset().kind().tokens() ? data.classes() : data.outputDim();
      Network model = Architectures.build(point.arch(), data.inputDim(), point.dataset().imageShape(), outputs, point.training().loss() == Loss.CROSS_ENTROPY, point.probe().convObservations(), dtype,
          point.seed());
      List<Stat> stats = new ArrayList<>();
      for (String s : point.probe().stats()) {
        stats.add(Stat.fromLabel(s));
      }
      Prober prober = new Prober(stats, point.probe().nullRotations(), point.probe().eigenCutoff(), point.seed());
      TrainConfig cfg = new TrainConfig(point.learningRate(), point.batchSize(), point.weightDecay(),
          point.training().momentum(), point.training().steps(), point.training().decayBiases(),
          point.training().probeSteps(), orderSeed(point.seed()), optimizer(point.training()));
      TrainResult result = new Trainer(model, data, cfg, prober, recorder).run();
      stepsDone = result.stepsDone();
      status = result.diverged() ? Outcome.Status.DIVERGED : Outcome.Status.DONE;
    } catch (RuntimeException | LinkageError e) {
      status = Outcome.Status.FAILED;
      error = describe(e);
      LOG.warn("point {} failed: {}", id, error);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    Map<Table, TableRows> rows = recorder.rows();
    rows.get(Table.POINTS).add(pointsRow(point, status, error, stepsDone, recorder.last(), wall, where));
    try {
      faults.beforeCommit(id);
      store.commitPoint(point.sweep(), id, rows);
      return new Outcome(id, status, error, wall, true);
    } catch (IOException | RuntimeException e) {
      // Recording failed (file system trouble): report it; the point stays uncommitted and a rerun retries it.
      LOG.error("point {} could not be committed: {}", id, describe(e));
      return new Outcome(id, Outcome.Status.FAILED, "commit failed: " + describe(e), wall, false);
    }
  }

  private static Object[] pointsRow(Point p, Outcome.Status status, String error, long stepsDone,
      TrainingStats last, double wall, ExecutorInfo where) {
    double nan = Double.NaN;
    return new Object[] {p.id(), p.arch().label(), p.arch().toJson(), p.arch().depth(), p.arch().width(),
        p.arch().activation().label(), p.dataset().label(), p.learningRate(), p.batchSize(), p.weightDecay(),
        p.seed(), p.training().steps(), stepsDone, status.label(), error,
        last == null ? nan : last.trainLoss(), last == null ? nan : last.probeLoss(),
        last == null ? nan : last.accuracy(), wall, where.device(), where.executor(), where.pid(),
        Nd4j.getEnvironment().maxMasterThreads(),
        System.getProperty("java.version"), Instant.now().toString(), p.toJson()};
  }

  static Dataset dataset(DatasetSpec spec, int probeSamples, DataType dtype) {
    String key = spec + "|" + probeSamples + "|" + dtype;
    if (DATA.size() > 8) {
      DATA.clear();
    }
    return DATA.computeIfAbsent(key, k -> switch (spec.kind()) {
      case TEACHER_STUDENT -> SyntheticData.teacherStudent(spec.inputDim(), spec.outputDim(), spec.teacherWidth(),
          spec.noise(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case GAUSSIAN_MIXTURE -> SyntheticData.gaussianMixture(spec.inputDim(), spec.outputDim(), spec.separation(),
          spec.noise(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case FASHION_MNIST -> FashionMnist.load(Path.of(spec.dir()), spec.trainSize(), probeSamples, spec.seed(),
          spec.normalize() == Normalization.STANDARDIZE, dtype);
      case MODULAR_ADDITION -> TokenData.modularAddition(spec.tokens().modulus(), spec.tokens().context(),
          spec.tokens().trainFraction(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case MARKOV -> TokenData.markov(new MarkovLanguage(spec.tokens().vocab(), spec.tokens().order(),
          spec.tokens().branching(), spec.seed()), spec.tokens().context(), spec.trainSize(), probeSamples,
          spec.seed(), dtype);
    });
  }

  static Optimizer optimizer(TrainingSpec training) {
    return training.optimizer() == OptimizerKind.ADAMW
        ? Optimizer.adamw(training.adamBeta1(), training.adamBeta2(), training.adamEps())
        : Optimizer.sgd();
  }

  /**
   * The minibatch-order seed of a point: derived from its seed but not equal to it, so the order's
   * random stream is not the init's (both use java.util.Random).
   */
  static long orderSeed(long seed) {
    return seed ^ 0x9E3779B97F4A7C15L;
  }

  static String describe(Throwable e) {
    String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
    Throwable c = e.getCause();
    if (c != null && c != e) {
      msg += " (caused by " + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
    }
    msg = msg.replace('\n', ' ');
    return msg.length() > MAX_ERROR_CHARS ? msg.substring(0, MAX_ERROR_CHARS) : msg;
  }
}
