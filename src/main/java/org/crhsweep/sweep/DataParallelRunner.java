package org.crhsweep.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.crhsweep.model.interop.Dl4jTwin;
import org.crhsweep.model.Network;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Execution;
import org.crhsweep.spec.Loss;
import org.crhsweep.spec.Point;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.train.MinibatchStream;
import org.crhsweep.train.TrainResult;
import org.crhsweep.train.Trainer;
import org.crhsweep.train.TrainingStats;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one {@code execution.mode: data_parallel} point from the driver with DL4J Spark: the point's
 * SameDiff model (built from its seed, as in task mode) is copied into its DL4J twin, which {@link
 * SparkDl4jMultiLayer} trains with a {@link ParameterAveragingTrainingMaster} over {@code workers} Spark
 * tasks, each taking {@code averaging_frequency} local SGD steps on minibatches of {@code batch_size /
 * workers} samples between averagings. After every averaging round that reaches a probe step the averaged
 * parameters go back into the SameDiff model and the unchanged task-mode measurement runs on the driver,
 * so both modes write the same rows. Like {@link PointRunner} it never throws: a failure is recorded.
 *
 * <p>Each averaging round is one {@code fit} of exactly {@code workers x averaging_frequency} minibatches
 * (DL4J cuts a longer RDD into splits that are only approximately balanced, so rounds would not be exactly
 * F steps). Round r takes the next F minibatches of the task-mode stream of the same seed and cuts each
 * into one piece per worker: with averaging after every step this is task-mode SGD exactly (the average
 * of W one-step updates on the pieces is one step on their union), which {@code DataParallelTest} checks.
 *
 * <p>Why parameter averaging and not {@code SharedTrainingMaster}: the shared master exchanges threshold-
 * encoded gradient updates asynchronously over Aeron UDP between executors, a different algorithm (lossy
 * updates, no averaging frequency) with its own network set-up; parameter averaging is synchronous, exact
 * for F = 1, and the averaging frequency is the knob the science asks about.
 */
public final class DataParallelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DataParallelRunner.class);

  private DataParallelRunner() {}

  /** Runs and commits {@code point}, which must be data-parallel; never throws for a failing point. */
  public static Outcome run(JavaSparkContext jsc, Point point, ResultStore store, Provenance provenance,
      Consumer<String> progress) {
    Execution ex = point.execution();
    if (!ex.dataParallel()) {
      throw new IllegalArgumentException("point " + point.id() + " runs as a task, not data_parallel");
    }
    ExecutorInfo where = new ExecutorInfo("driver", ProcessHandle.current().pid(), "cpu", ex.workers());
    return PointRunner.runRecorded(point, store, provenance, where, "data-parallel point",
        (s, model, recorder) -> {
          Dl4jTwin twin = twin(point, s);
          twin.copyFrom(model);
          Trainer measurer = new Trainer(model, s.data(), s.cfg(), s.prober(), recorder);
          long steps = train(jsc, point, s, model, twin, measurer, progress);
          return new TrainResult(!recorder.last().finite(), steps, recorder.last());
        });
  }

  /**
   * The averaging rounds, with a measurement at step 0 and after every round that reaches a probe step;
   * stops early when a measurement is not finite. Returns the steps done (per worker).
   */
  private static long train(JavaSparkContext jsc, Point point, PointSetup s, Network model, Dl4jTwin twin,
      Trainer measurer, Consumer<String> progress) {
    Execution ex = point.execution();
    int workers = ex.workers();
    int perWorker = ex.perWorkerBatch(point.batchSize());
    long steps = point.training().steps();
    long[] probes = point.training().probeSteps();
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, perWorker)
        .batchSizePerWorker(perWorker)
        .averagingFrequency(ex.averagingFrequency())
        .workerPrefetchNumBatches(0)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // parallelize(round, workers) already gives each worker its F minibatches, in order: no shuffle.
        .repartionData(Repartition.Never)
        .rngSeed(point.seed())
        .collectTrainingStats(false)
        .trainingHooks(new ThreadCap())
        .build();
    SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(jsc, twin.network(), master);
    MinibatchStream stream = new MinibatchStream(s.data(), point.batchSize(), s.cfg().seed());
    TrainingStats last = measurer.measure(0);
    int next = 1;
    long done = 0;
    long started = System.nanoTime();
    while (done < steps && last.finite()) {
      int local = (int) Math.min(ex.averagingFrequency(), steps - done);
      List<DataSet> round = new ArrayList<>(workers * local);
      for (int j = 0; j < local; j++) {
        MinibatchStream.Batch b = stream.next();
        for (int w = 0; w < workers; w++) {
          round.add(new DataSet(piece(b.x(), w, perWorker), piece(b.y(), w, perWorker)));
        }
      }
      jsc.setJobDescription("crh data_parallel point " + point.id() + ": steps " + done + ".." + (done + local));
      spark.fit(jsc.parallelize(round, workers));
      done += local;
      boolean reached = false;
      while (next < probes.length && probes[next] <= done) {
        reached = true;
        next++;
      }
      if (reached) {
        twin.network().setParams(spark.getNetwork().params());
        twin.copyTo(model);
        last = measurer.measure(done);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Duration eta = Duration.ofMillis(Math.round(elapsed.toMillis() / (double) done * (steps - done)));
        progress.accept(String.format("%s point %s step %d/%d, loss %.4g, point ETA %s", ex.label(), point.id(), done,
            steps, last.trainLoss(), SweepProgress.clock(eta)));
      }
    }
    jsc.setJobDescription(null);
    return done;
  }

  /** Rows {@code [w·n, (w+1)·n)} of a minibatch, copied (a DataSet is shipped to an executor). */
  private static INDArray piece(INDArray batch, int w, int n) {
    return batch.get(NDArrayIndex.interval((long) w * n, (long) (w + 1) * n), NDArrayIndex.all()).dup();
  }

  /** The DL4J network equal to the point's SameDiff model, with the point's SGD and weight decay. */
  static Dl4jTwin twin(Point point, PointSetup s) {
    Dl4jTwin.SgdConfig sgd = new Dl4jTwin.SgdConfig(point.learningRate(), point.weightDecay(),
        point.training().decayBiases(), Dl4jTwin.Decay.L2);
    if (point.arch() instanceof CnnConfig cnn) {
      return Dl4jTwin.ofCnn(cnn, point.dataset().imageShape(), s.outputs(point),
          point.training().loss() == Loss.CROSS_ENTROPY, s.dtype(), sgd);
    }
    return Dl4jTwin.ofMlp(s.mlpShape(point), s.dtype(), sgd);
  }

  /** On each worker: ND4J's threads capped at the Spark task's cores, as for task-mode points. */
  static final class ThreadCap implements TrainingHook {
    private static final long serialVersionUID = 1L;
    /** Per thread: OpenMP's cap (Nd4jThreads.limit) belongs to the thread that sets it. */
    private static final ThreadLocal<Boolean> CAPPED = ThreadLocal.withInitial(() -> false);

    @Override
    public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
      cap();
    }

    @Override
    public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {}

    @Override
    public void preUpdate(org.nd4j.linalg.dataset.api.MultiDataSet minibatch, Model model) {
      cap();
    }

    @Override
    public void postUpdate(org.nd4j.linalg.dataset.api.MultiDataSet minibatch, Model model) {}

    private static void cap() {
      if (!CAPPED.get()) {
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        Nd4jThreads.limit(tc == null ? Nd4j.getEnvironment().maxMasterThreads() : tc.cpus());
        CAPPED.set(true);
      }
    }
  }
}
