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
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.model.Network;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.DType;
import org.crhsweep.spec.DatasetSpec;
import org.crhsweep.spec.Loss;
import org.crhsweep.spec.MlpConfig;
import org.crhsweep.spec.Normalization;
import org.crhsweep.spec.Point;
import org.crhsweep.store.ParquetDataset;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.train.PackedTrainer;
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
 * text; it never throws itself, so one bad point cannot take the sweep down. That includes running out
 * of memory or stack: what such a point exhausted is its own and is released as it unwinds, whereas Spark
 * would treat the error as fatal, end the executor, retry the task elsewhere and finally abort the sweep.
 */
public final class PointRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PointRunner.class);
  private static final int MAX_ERROR_CHARS = 2000;

  /** Datasets are deterministic in their spec; points sharing one reuse it within a JVM. */
  private static final Map<String, Dataset> DATA = new ConcurrentHashMap<>();

  private PointRunner() {}

  public static Outcome run(Point point, ResultStore store, Provenance provenance, ExecutorInfo where) {
    return runRecorded(point, store, provenance, where, "point",
        (s, model, recorder) -> new Trainer(model, s.data(), s.cfg(), s.prober(), recorder).run());
  }

  /** How one point trains once it is set up: its measurements go to {@code recorder}. */
  interface Training {
    TrainResult train(Setup s, Network model, PointRecorder recorder);
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
      Setup s = Setup.of(point, store);
      Network model = s.model(point);
      TrainResult result = training.train(s, model, recorder);
      stepsDone = result.stepsDone();
      status = result.diverged() ? Outcome.Status.DIVERGED : Outcome.Status.DONE;
      if (status == Outcome.Status.DONE) {
        checkpoint = FinalCheckpoint.of(point, model, s.data(), s.outputs(point), stepsDone);
      }
    } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
      status = Outcome.Status.FAILED;
      error = describe(e);
      LOG.warn("{} {} failed: {}", kind, id, error);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return commit(point, store, recorder, status, error, stepsDone, wall, where, 1, checkpoint);
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
    List<Setup> setups = new ArrayList<>();
    List<PointRecorder> recorders = new ArrayList<>();
    for (Point point : points) {
      PointRecorder recorder = new PointRecorder(point.id(), point.execution(), provenance);
      try {
        FaultPlan.inForce().beforeTraining(point.id());
        setups.add(Setup.of(point, store));
        packed.add(point);
        recorders.add(recorder);
      } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
        LOG.warn("point {} failed: {}", point.id(), describe(e));
        outcomes.add(commit(point, store, recorder, Outcome.Status.FAILED, describe(e), 0,
            (System.nanoTime() - start) / 1e9, where, 1, null));
      }
    }
    if (packed.isEmpty()) {
      return outcomes;
    }
    List<TrainResult> results = null;
    PackedMlp model = null;
    String error = null;
    try {
      Setup first = setups.get(0);
      long[] seeds = packed.stream().mapToLong(Point::seed).toArray();
      List<PackedTrainer.Member> members = new ArrayList<>();
      for (int i = 0; i < packed.size(); i++) {
        members.add(new PackedTrainer.Member(setups.get(i).cfg(), setups.get(i).prober(), recorders.get(i)));
      }
      model = PackedMlp.build(first.mlpShape(packed.get(0)), first.dtype(), seeds);
      results = new PackedTrainer(model, first.data(), members).run();
    } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
      error = "pack of " + packed.size() + " failed: " + describe(e);
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
          memberError = "checkpoint failed: " + describe(e);
        }
      }
      outcomes.add(commit(packed.get(i), store, recorders.get(i), status, memberError,
          r == null ? 0 : r.stepsDone(), wall, where, packed.size(), checkpoint));
    }
    return outcomes;
  }

  /** Everything a point needs before its model: data, shape, probe and training configuration. */
  record Setup(DataType dtype, Dataset data, Prober prober, TrainConfig cfg) {
    static Setup of(Point point, ResultStore store) {
      DataType dtype = point.training().dtype() == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
      Dataset data = dataset(point.dataset(), point.probe().samples(), dtype, store);
      if (point.training().loss() == Loss.CROSS_ENTROPY && !data.classification()) {
        throw new IllegalArgumentException("training.loss cross_entropy needs integer class labels, but dataset "
            + point.dataset().label() + " has numeric targets: use loss mse");
      }
      List<Stat> stats = new ArrayList<>();
      for (String s : point.probe().stats()) {
        stats.add(Stat.fromLabel(s));
      }
      Prober prober = new Prober(stats, point.probe().nullRotations(), point.probe().eigenCutoff(), point.seed());
      TrainConfig cfg = TrainConfig.builder()
          .setLearningRate(point.learningRate())
          .setBatchSize(point.batchSize())
          .setSteps(point.training().steps())
          .optWeightDecay(point.weightDecay())
          .optMomentum(point.training().momentum())
          .optDecayBiases(point.training().decayBiases())
          .optProbeSteps(point.training().probeSteps())
          .optSeed(orderSeed(point.seed()))
          .optOptimizer(optimizer(point.training()))
          .build();
      return new Setup(dtype, data, prober, cfg);
    }

    /** The point's SameDiff network, initialised from its seed. */
    Network model(Point point) {
      return Architectures.builder(point.arch(), dtype, point.seed())
          .setInputDim(data.inputDim())
          .setOutputDim(outputs(point))
          .optImage(point.dataset().imageShape())
          .optCrossEntropy(point.training().loss() == Loss.CROSS_ENTROPY)
          .optConvObservations(point.probe().convObservations())
          .build();
    }

    /** The network's output width: for token data the vocabulary, not the target row (the window). */
    int outputs(Point point) {
      return point.dataset().kind().tokens() ? data.classes() : data.outputDim();
    }

    /** The MLP shape of a packable point (packs are MLP only; {@link Packing} never groups others). */
    MlpShape mlpShape(Point point) {
      if (!(point.arch() instanceof MlpConfig mlp)) {
        throw new IllegalArgumentException("training.pack applies to type mlp only, got " + point.arch().label());
      }
      return new MlpShape(data.inputDim(), data.outputDim(), mlp.depth(), mlp.width(), mlp.activation(), mlp.bias(),
          point.training().loss() == Loss.CROSS_ENTROPY);
    }
  }

  static Outcome commit(Point point, ResultStore store, PointRecorder recorder, Outcome.Status status,
      String error, long stepsDone, double wall, ExecutorInfo where, int packSize,
      byte[] checkpoint) {
    String id = point.id();
    Map<Table, TableRows> rows = recorder.rows();
    rows.get(Table.POINTS).add(pointsRow(point, status, error, stepsDone, recorder.last(), wall, where, packSize));
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

  private static Object[] pointsRow(Point p, Outcome.Status status, String error, long stepsDone,
      TrainingStats last, double wall, ExecutorInfo where, int packSize) {
    double nan = Double.NaN;
    return new Object[] {p.id(), p.arch().label(), p.arch().toJson(), p.arch().depth(), p.arch().width(),
        p.arch().activation().label(), p.dataset().label(), p.learningRate(), p.batchSize(), p.weightDecay(),
        p.seed(), p.training().steps(), stepsDone, status.label(), error,
        last == null ? nan : last.trainLoss(), last == null ? nan : last.probeLoss(),
        last == null ? nan : last.accuracy(), wall, where.device(), where.executor(), where.pid(),
        Nd4j.getEnvironment().maxMasterThreads(), packSize, p.execution().mode().label(), p.execution().workers(),
        p.execution().averagingFrequency(), System.getProperty("java.version"), Instant.now().toString(), p.toJson()};
  }

  /** The dataset of a spec, built once per JVM; Parquet data is read with the store's Hadoop settings. */
  static Dataset dataset(DatasetSpec spec, int probeSamples, DataType dtype, ResultStore store) {
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
      case PARQUET -> ParquetDataset.load(spec.parquet().path(), spec.parquet().features(), spec.parquet().label(),
          spec.trainSize(), probeSamples, spec.seed(), dtype, store.conf());
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
