package org.crhsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.data.Dataset;
import org.crhsweep.model.Architectures;
import org.crhsweep.model.Network;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.DType;
import org.crhsweep.spec.Loss;
import org.crhsweep.spec.MlpConfig;
import org.crhsweep.spec.OptimizerKind;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.TrainingSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.train.Optimizer;
import org.crhsweep.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything a point needs before its model, translated from its spec: data type, data, probe and
 * training configuration; and from these the point's model, output width and (for packs) MLP shape.
 */
record PointSetup(DataType dtype, Dataset data, Prober prober, TrainConfig cfg) {

  static PointSetup of(Point point, ResultStore store) {
    DataType dtype = point.training().dtype() == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    Dataset data = DatasetCache.dataset(point.dataset(), point.probe().samples(), dtype, store);
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
    return new PointSetup(dtype, data, prober, cfg);
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
}
