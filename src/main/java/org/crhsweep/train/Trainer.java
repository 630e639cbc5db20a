package org.crhsweep.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crhsweep.data.Dataset;
import org.crhsweep.model.Evaluation;
import org.crhsweep.model.Network;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.linalg.HostMemory;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.NeuralCollapse;
import org.crhsweep.probe.Prober;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The training loop of one point: minibatches in a seeded random order (a new permutation every epoch),
 * the update of docs/science.md (SGD) or AdamW ({@link Optimizer}), a measurement at every probe step, and a
 * stop with {@code diverged} as soon as the loss or a parameter is not finite.
 */
public final class Trainer {

  private static final int TRAIN_LOSS_SAMPLES = 1024;

  private final Network model;
  private final Dataset data;
  private final TrainConfig cfg;
  private final Prober prober;
  private final ProbeListener listener;
  private final List<String> params = new ArrayList<>();
  private final List<INDArray> velocity = new ArrayList<>();
  private final List<INDArray> adamM = new ArrayList<>();
  private final List<INDArray> adamV = new ArrayList<>();
  private final List<INDArray> adamT = new ArrayList<>();
  private final List<INDArray> adamS = new ArrayList<>();
  private final List<BlasSgd> sgd = new ArrayList<>();
  private long adamSteps;
  private final NativeGarbage garbage = NativeGarbage.shared();

  public Trainer(Network model, Dataset data, TrainConfig cfg, Prober prober, ProbeListener listener) {
    this.model = model;
    this.data = data;
    this.cfg = cfg;
    this.prober = prober;
    this.listener = listener;
    params.addAll(model.decayedParams());
    params.addAll(model.undecayedParams());
    MinibatchStream.requireFits(cfg.batchSize(), data);
  }

  public TrainResult run() {
    long[] probeSteps = cfg.probeSteps();
    int nextProbe = 0;
    MinibatchStream batches = new MinibatchStream(data, cfg.batchSize(), cfg.seed());
    TrainingStats last = null;
    for (long step = 0; step <= cfg.steps(); step++) {
      if (nextProbe < probeSteps.length && probeSteps[nextProbe] == step) {
        last = measure(step);
        nextProbe++;
        if (!last.finite()) {
          return new TrainResult(true, step, last);
        }
      }
      if (step == cfg.steps()) {
        break;
      }
      MinibatchStream.Batch b = batches.nextShared();
      OutAndGrad og = model.trainingStep(b.x(), b.y(), params);
      double loss = og.getOutputs().get(Network.LOSS).getDouble(0);
      if (!Double.isFinite(loss)) {
        // Record the state at divergence (losses NaN/inf; layers probed only if still finite),
        // unless this step was just measured.
        boolean measured = last != null && last.step() == step;
        return new TrainResult(true, step, measured ? last : measure(step));
      }
      update(og.getGradients());
      garbage.step();
    }
    return new TrainResult(false, cfg.steps(), last);
  }

  private void update(Map<String, INDArray> grads) {
    if (cfg.optimizer().adamw()) {
      adamw(grads);
      return;
    }
    int nw = model.decayedParams().size();
    double lr = cfg.learningRate();
    double wd = cfg.weightDecay();
    for (int i = 0; i < params.size(); i++) {
      String name = params.get(i);
      INDArray w = model.param(name);
      INDArray g = grads.get(name);
      boolean decay = wd > 0 && (i < nw || cfg.decayBiases());
      if (cfg.momentum() > 0) {
        // v ← μv + (∇W + γW); W ← W − ηv
        if (velocity.size() <= i) {
          velocity.add(Nd4j.zerosLike(w));
        }
        INDArray v = velocity.get(i).muli(cfg.momentum()).addi(g);
        if (decay) {
          Nd4j.getBlasWrapper().level1().axpy(w.length(), wd, w, v);
        }
        Nd4j.getBlasWrapper().level1().axpy(w.length(), -lr, v, w);
      } else if (!sgd(i).step(w, g, decay ? 1 - lr * wd : 1, lr)) {
        // Where BlasSgd cannot (not the CPU backend, other layouts): the same two operations through ND4J.
        // W ← W − η(∇W + γW) = (1 − ηγ)W − η∇W, two ops instead of four.
        if (decay) {
          w.muli(1 - lr * wd);
        }
        Nd4j.getBlasWrapper().level1().axpy(w.length(), -lr, g, w);
      }
    }
  }

  private BlasSgd sgd(int i) {
    while (sgd.size() <= i) {
      sgd.add(new BlasSgd());
    }
    return sgd.get(i);
  }

  /** W ← W − lr·(m̂/(√v̂ + eps) + wd·W), bias-corrected moments, the decay decoupled from the moments. */
  private void adamw(Map<String, INDArray> grads) {
    Optimizer o = cfg.optimizer();
    int nw = model.decayedParams().size();
    double lr = cfg.learningRate();
    double wd = cfg.weightDecay();
    adamSteps++;
    double c1 = 1 - Math.pow(o.beta1(), adamSteps);
    double c2 = 1 - Math.pow(o.beta2(), adamSteps);
    for (int i = 0; i < params.size(); i++) {
      INDArray w = model.param(params.get(i));
      INDArray g = grads.get(params.get(i));
      if (adamM.size() <= i) {
        adamM.add(Nd4j.zerosLike(w));
        adamV.add(Nd4j.zerosLike(w));
        adamT.add(Nd4j.zerosLike(w));
        adamS.add(Nd4j.zerosLike(w));
      }
      // In place, on two scratch arrays per parameter, so a step leaves no temporaries for the collector
      // (see NativeGarbage). The same operations in the same order as before:
      // m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², step = (m/c1) / (√(v/c2) + eps).
      INDArray t = adamT.get(i);
      INDArray step = adamS.get(i);
      INDArray m = adamM.get(i).muli(o.beta1()).addi(t.assign(g).muli(1 - o.beta1()));
      INDArray v = adamV.get(i).muli(o.beta2()).addi(t.assign(g).muli(g).muli(1 - o.beta2()));
      Transforms.sqrt(t.assign(v).divi(c2), false).addi(o.eps());
      step.assign(m).divi(c1).divi(t);
      if (wd > 0 && (i < nw || cfg.decayBiases())) {
        w.muli(1 - lr * wd);
      }
      w.subi(step.muli(lr));
    }
  }

  /**
   * Measures the model as it is now and hands the result to the listener: losses, accuracy, norms and
   * the probe. Public for trainings that update the model elsewhere (data-parallel points).
   */
  public TrainingStats measure(long step) {
    int m = Math.min(TRAIN_LOSS_SAMPLES, data.trainSize());
    INDArray tx = data.trainX().get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
    INDArray ty = data.trainY().get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
    double trainLoss = model.evaluation(tx, ty).loss();
    double weightSq = 0;
    for (String w : model.decayedParams()) {
      double norm = frobenius(model.param(w));
      weightSq += norm * norm;
    }
    // The probe set's loss and outputs, and (unless training has blown up) the probe sites' samples.
    boolean finite = Double.isFinite(trainLoss) && Double.isFinite(weightSq);
    Network.ProbePass pass = model.probePass(data.probeX(), data.probeY(), finite);
    Evaluation probeOut = pass.evaluation();
    double probeLoss = probeOut.loss();
    double accuracy = Double.NaN;
    double nc1 = Double.NaN;
    if (data.classification()) {
      accuracy = accuracy(probeOut.output(), data.probeY());
      nc1 = NeuralCollapse.nc1(probeOut.features(), classesOfFeatureRows(probeOut.output(), data.probeY()));
    }
    List<LayerProbe> layers = new ArrayList<>();
    double gradSq = 0;
    if (finite) {
      List<LayerSample> samples = pass.samples();
      if (model.probeSitesHoldWeightGradients()) {
        // Dense sites: the mean-loss gradient of M (d_in x d_out) is −h_aᵀ g_b / N, one GEMM per layer.
        for (LayerSample s : samples) {
          double g = frobenius(Nd4j.gemm(s.hA(), s.gB(), true, false)) / s.hA().rows();
          gradSq += g * g;
        }
      } else {
        // The probe-set mean-loss gradient itself: exact for every architecture, also where a probe site
        // keeps only a subsample of its observations (transformer tokens) or shares W across positions.
        Map<String, INDArray> grads = model.lossAndGradients(data.probeX(), data.probeY(), model.decayedParams())
            .getGradients();
        for (String w : model.decayedParams()) {
          double g = frobenius(grads.get(w));
          gradSq += g * g;
        }
      }
      for (LayerSample s : samples) {
        layers.add(prober.probe(s));
      }
    }
    TrainingStats stats = new TrainingStats(step, trainLoss, probeLoss, accuracy, Math.sqrt(weightSq),
        Math.sqrt(gradSq), nc1);
    listener.onProbe(stats, layers);
    return stats;
  }

  /**
   * ‖a‖_F. A dense array goes to BLAS nrm2 (a few µs for 64x64), not ND4J's norm2 reduction, which costs
   * 40 µs to over 1 ms per call with one thread here and was ~8% of a measurement.
   */
  static double frobenius(INDArray a) {
    if (!HostMemory.wholeBuffer(a) || !(a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)) {
      return a.norm2Number().doubleValue();
    }
    return Nd4j.getBlasWrapper().level1().nrm2(a.reshape(a.length()));
  }

  /**
   * The share of correct argmax predictions: one per sample for outputs [N, classes] against one-hot
   * targets, one per position for language-model logits [N, T, vocab] against next-token ids [N, T].
   */
  static double accuracy(INDArray output, INDArray targets) {
    INDArray predicted;
    INDArray actual;
    if (output.rank() == 3) {
      predicted = output.argMax(2);
      actual = targets.castTo(DataType.LONG);
    } else {
      predicted = output.argMax(1);
      actual = targets.argMax(1);
    }
    return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
  }

  /**
   * One-hot classes of the feature rows: the targets themselves for one row per sample; for a language
   * model (logits [N, T, V], features one row per token) each token's class is its next token.
   */
  static INDArray classesOfFeatureRows(INDArray output, INDArray targets) {
    if (output.rank() != 3) {
      return targets;
    }
    int vocab = (int) output.size(2);
    double[] ids = targets.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, ids.length, vocab);
    for (int r = 0; r < ids.length; r++) {
      oneHot.putScalar(r, (int) ids[r], 1.0);
    }
    return oneHot;
  }
}
