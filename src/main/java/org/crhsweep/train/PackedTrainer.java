package org.crhsweep.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.Permutations;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.linalg.HostMemory;
import org.crhsweep.probe.Prober;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains the K members of a {@link PackedMlp} in lock step, each exactly as {@link Trainer} would train
 * it alone: its own minibatch order (from its own seed), learning rate and weight decay, its own
 * measurements (member parameters are copied into a scratch {@link Mlp} and measured by the unchanged
 * {@link Trainer#measure}), and its own divergence: a member whose loss turns non-finite is recorded
 * and frozen while the others go on. Members must share batch size, steps, momentum, bias decay and
 * probe schedule (the pack's key); learning rate, weight decay and seeds may differ.
 */
public final class PackedTrainer {

  /** One member of the pack: its configuration, its probe, where its measurements go. */
  public record Member(TrainConfig cfg, Prober prober, ProbeListener listener) {}

  private final PackedMlp model;
  private final Dataset data;
  private final List<Member> members;
  private final List<Trainer> measurers = new ArrayList<>();
  private final Mlp scratch;
  private final TrainConfig shared;
  private final List<String> params = new ArrayList<>();
  /** The SGD step of every member, over the model's flat buffers. */
  private PackedUpdate update;

  public PackedTrainer(PackedMlp model, Dataset data, List<Member> members) {
    if (members.size() != model.models()) {
      throw new IllegalArgumentException("pack of " + model.models() + " models got " + members.size() + " members");
    }
    this.model = model;
    this.data = data;
    this.members = List.copyOf(members);
    this.shared = members.get(0).cfg();
    for (Member m : members) {
      TrainConfig c = m.cfg();
      if (c.batchSize() != shared.batchSize() || c.steps() != shared.steps() || c.momentum() != shared.momentum()
          || c.decayBiases() != shared.decayBiases()
          || !java.util.Arrays.equals(c.probeSteps(), shared.probeSteps())) {
        throw new IllegalArgumentException("packed points must share batch_size, steps, momentum, decay_biases and "
            + "the probe schedule; only learning_rate, weight_decay and seed may differ");
      }
    }
    // One scratch model serves every member's measurement: parameters are copied in just before.
    this.scratch = Mlp.build(model.shape(), model.dtype(), 0);
    for (Member m : members) {
      measurers.add(new Trainer(scratch, data, m.cfg(), m.prober(), m.listener()));
    }
    params.addAll(model.weightNames());
    params.addAll(model.biasNames());
  }

  public List<TrainResult> run() {
    int k = members.size();
    int n = data.trainSize();
    int batch = shared.batchSize();
    long[] probeSteps = shared.probeSteps();
    TrainResult[] results = new TrainResult[k];
    TrainingStats[] last = new TrainingStats[k];
    Random[] orders = new Random[k];
    double[] lr = new double[k];
    double[] wd = new double[k];
    for (int i = 0; i < k; i++) {
      orders[i] = new Random(members.get(i).cfg().seed());
      lr[i] = members.get(i).cfg().learningRate();
      wd[i] = members.get(i).cfg().weightDecay();
    }
    update = new PackedUpdate(model, shared.momentum(), shared.decayBiases(), lr, wd);
    // Epoch buffers [batches, K, B, d]: member i's shuffled rows fill column i, so every step's
    // minibatch [K, B, d] is one contiguous block (a view, no copy per step).
    int batches = n / batch;
    INDArray xs = Nd4j.create(data.trainX().dataType(), batches, k, batch, data.inputDim());
    INDArray ys = Nd4j.create(data.trainY().dataType(), batches, k, batch, data.outputDim());
    // Step j's [K, B, d] views of the epoch buffers, made on first use and kept (the buffers are refilled in place).
    boolean gathers = MinibatchStream.gathers(data.trainX()) && MinibatchStream.gathers(data.trainY());
    INDArray[] stepX = new INDArray[batches];
    INDArray[] stepY = new INDArray[batches];
    int cursor = n;
    int nextProbe = 0;
    int active = k;
    for (long step = 0; step <= shared.steps() && active > 0; step++) {
      if (nextProbe < probeSteps.length && probeSteps[nextProbe] == step) {
        for (int i = 0; i < k; i++) {
          if (results[i] == null) {
            last[i] = measure(i, step);
            if (!last[i].finite()) {
              results[i] = new TrainResult(true, step, last[i]);
              active--;
              update.freeze(i);
            }
          }
        }
        nextProbe++;
      }
      if (step == shared.steps() || active == 0) {
        break;
      }
      if (cursor + batch > n) {
        for (int i = 0; i < k; i++) {
          // The first batches·B rows of the permutation: the batches Trainer would take this epoch.
          int[] perm = java.util.Arrays.copyOf(Permutations.shuffled(n, orders[i]), batches * batch);
          if (gathers) {
            // Batch j of member i is row block (j, i) of the [batches, K, B, d] buffers: copied row by row.
            for (int j = 0; j < batches; j++) {
              MinibatchStream.gather(data.trainX(), perm, j * batch, batch, xs, ((long) j * k + i) * batch);
              MinibatchStream.gather(data.trainY(), perm, j * batch, batch, ys, ((long) j * k + i) * batch);
            }
          } else {
            column(xs, i).assign(MinibatchStream.rows(data.trainX(), perm).reshape(batches, batch, data.inputDim()));
            column(ys, i).assign(MinibatchStream.rows(data.trainY(), perm).reshape(batches, batch, data.outputDim()));
          }
        }
        cursor = 0;
      }
      int j = cursor / batch;
      if (stepX[j] == null) {
        stepX[j] = xs.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        stepY[j] = ys.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
      }
      cursor += batch;
      OutAndGrad og = model.lossAndGradients(stepX[j], stepY[j], params);
      // The K losses by one bulk copy from host memory (no ND4J op) on the CPU backend.
      double[] losses = HostMemory.rowMajor(og.getOutputs().get(PackedMlp.LOSSES));
      for (int i = 0; i < k; i++) {
        if (results[i] == null && !Double.isFinite(losses[i])) {
          boolean measured = last[i] != null && last[i].step() == step;
          results[i] = new TrainResult(true, step, measured ? last[i] : measure(i, step));
          active--;
          update.freeze(i);
        }
      }
      update.apply();
    }
    List<TrainResult> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(results[i] != null ? results[i] : new TrainResult(false, shared.steps(), last[i]));
    }
    return out;
  }

  private TrainingStats measure(int i, long step) {
    model.copyTo(i, scratch);
    return measurers.get(i).measure(step);
  }

  /** Member i's rows of every batch of an epoch buffer: [batches, B, d]. */
  private static INDArray column(INDArray epoch, int i) {
    return epoch.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
  }
}
