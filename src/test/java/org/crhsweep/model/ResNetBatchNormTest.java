package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crhsweep.model.interop.NetworkCheckpoint;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.ResNetConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Batch norm in the ResNet: inference mode decouples samples, its gradients are exact, its statistics run. */
class ResNetBatchNormTest {

  private static final double EPS = 1e-6;
  private static final ResNetConfig SMALL =
      new ResNetConfig(3, List.of(3, 4), List.of(1, 1), Activation.TANH, true, true);
  private static final int[] IMAGE = {1, 6, 6};

  private static INDArray gaussian(Random rng, int rows, int cols) {
    double[][] v = new double[rows][cols];
    for (double[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return Nd4j.createFromArray(v);
  }

  private static INDArray oneHot(int... classes) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, classes.length, 3);
    for (int i = 0; i < classes.length; i++) {
      y.putScalar(i, classes[i], 1.0);
    }
    return y;
  }

  /** Random biases, γ, β and running statistics, so that no norm is the identity. */
  private static ResNet randomized(long seed) {
    ResNet net = ResNet.build(SMALL, IMAGE, 3, true, 100_000, DataType.DOUBLE, seed);
    Random rng = new Random(seed + 1);
    for (String p : net.undecayedParams()) {
      INDArray a = net.param(p);
      INDArray noise = gaussian(rng, 1, (int) a.length()).reshape(a.shape()).muli(0.2);
      a.addi(noise);
    }
    for (String[] stats : net.runningStatistics()) {
      INDArray mean = net.param(stats[0]);
      mean.assign(gaussian(rng, 1, (int) mean.length()).reshape(mean.shape()).muli(0.3));
      INDArray var = net.param(stats[1]);
      var.assign(gaussian(rng, 1, (int) var.length()).reshape(var.shape()).muli(0.3).addi(1.2));
    }
    return net;
  }

  @Test
  void everyConvIsFollowedByItsNormAndTheSitesStayTheConvs() {
    ResNet net = randomized(2);
    // stem, conv1, conv2 of stage 1; conv1, conv2, shortcut of stage 2: γ and β each, after the conv biases.
    assertThat(net.undecayedParams()).filteredOn(p -> p.endsWith(".bn.gamma")).containsExactly(
        "stem.bn.gamma", "stage1.block1.conv1.bn.gamma", "stage1.block1.conv2.bn.gamma",
        "stage2.block1.conv1.bn.gamma", "stage2.block1.conv2.bn.gamma", "stage2.block1.shortcut.bn.gamma");
    assertThat(net.undecayedParams()).filteredOn(p -> p.endsWith(".bn.beta")).hasSize(6);
    assertThat(net.decayedParams()).noneMatch(p -> p.contains(".bn."));
    assertThat(net.runningStatistics()).hasSize(6);
    List<LayerSample> sites = net.probe(gaussian(new Random(3), 4, 36), oneHot(0, 1, 2, 0));
    assertThat(sites).extracting(LayerSample::name).containsExactly("stem", "stage1.block1.conv1",
        "stage1.block1.conv2", "stage2.block1.conv1", "stage2.block1.conv2", "stage2.block1.shortcut", "fc");
    // h_b is the conv output before the norm: W h_a plus the conv's own bias, nothing of γ, β or statistics.
    for (LayerSample s : sites.subList(0, 6)) {
      INDArray bias = net.param(s.name() + ".bias").reshape(1, s.dOut());
      assertThat(s.hA().mmul(s.w().transpose()).addRowVector(bias).sub(s.hB()).amaxNumber().doubleValue())
          .as(s.name()).isLessThan(1e-12);
    }
  }

  /**
   * Changing sample 3 leaves samples 0..2's h_b, g_b and g_a at every site unchanged in inference mode,
   * and changes sample 0's g_b in training mode (the batch statistics couple samples there).
   */
  @Test
  void inInferenceModeNoSampleSeesAnother() {
    ResNet net = randomized(4);
    Random rng = new Random(5);
    INDArray x = gaussian(rng, 4, 36);
    INDArray y = oneHot(2, 0, 1, 1);
    INDArray x2 = x.dup();
    x2.putRow(3, gaussian(rng, 1, 36));
    List<LayerSample> before = net.probe(x, y);
    List<LayerSample> after = net.probe(x2, y);
    List<LayerSample> trainBefore = net.probe(x, y, true);
    List<LayerSample> trainAfter = net.probe(x2, y, true);
    for (int i = 0; i < before.size(); i++) {
      LayerSample a = before.get(i);
      LayerSample b = after.get(i);
      long keep = a.hA().rows() * 3 / 4;  // rows are sample-major: samples 0..2 come first
      assertThat(maxDiff(a.hB(), b.hB(), keep)).as(a.name() + " h_b").isLessThan(1e-12);
      assertThat(maxDiff(a.gB(), b.gB(), keep)).as(a.name() + " g_b").isLessThan(1e-12);
      assertThat(maxDiff(a.gA(), b.gA(), keep)).as(a.name() + " g_a").isLessThan(1e-12);
      // The changed sample itself does change: the comparison sees what it compares.
      assertThat(maxDiff(a.hA().get(NDArrayIndex.interval(keep, a.hA().rows()), NDArrayIndex.all()),
          b.hA().get(NDArrayIndex.interval(keep, b.hA().rows()), NDArrayIndex.all()), a.hA().rows() - keep))
          .as(a.name() + " h_a of sample 3").isGreaterThan(1e-3);
      LayerSample ta = trainBefore.get(i);
      LayerSample tb = trainAfter.get(i);
      assertThat(maxDiff(ta.gB(), tb.gB(), keep)).as(a.name() + " g_b in training mode").isGreaterThan(1e-4);
    }
  }

  private static double maxDiff(INDArray a, INDArray b, long rows) {
    INDArray ra = a.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    INDArray rb = b.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    return ra.sub(rb).amaxNumber().doubleValue();
  }

  private static double loss(ResNet net, INDArray x, INDArray y) {
    return net.evaluation(x, y).loss() * x.rows();
  }

  private static double central(ResNet net, INDArray flat, long i, INDArray x, INDArray y) {
    double orig = flat.getDouble(i);
    flat.putScalar(i, orig + EPS);
    double up = loss(net, x, y);
    flat.putScalar(i, orig - EPS);
    double down = loss(net, x, y);
    flat.putScalar(i, orig);
    return (up - down) / (2 * EPS);
  }

  /**
   * One sample's loss in inference mode against central differences: ∂ℓ/∂K[o, j] = −Σ_p h_a[p, j] g_b[p, o]
   * at every conv site (g_b through the norms downstream), ∂ℓ/∂x[r, c] = −Σ g_a over the stem patches
   * holding pixel (r, c) (g_a itself), and autodiff's ∂ℓ/∂γ, ∂ℓ/∂β of every norm (channels 0 and 3).
   */
  @Test
  void gradientsMatchFiniteDifferencesThroughTheNorms() {
    ResNet net = randomized(6);
    Random rng = new Random(7);
    INDArray x = gaussian(rng, 1, 36);
    INDArray y = oneHot(1);
    List<LayerSample> sites = net.probe(x, y);
    for (LayerSample s : sites.subList(0, 6)) {
      INDArray dW = s.gB().transpose().mmul(s.hA()).neg();
      INDArray kernel = net.param(s.name() + ".kernel");
      long k = kernel.size(0);
      long cIn = kernel.size(2);
      long cOut = kernel.size(3);
      INDArray flat = kernel.reshape(kernel.length());
      for (int draw = 0; draw < 2; draw++) {
        long i = rng.nextInt((int) flat.length());
        long o = i % cOut;
        long c = (i / cOut) % cIn;
        long kx = (i / (cOut * cIn)) % k;
        long ky = i / (cOut * cIn * k);
        assertThat(dW.getDouble(o, c * k * k + ky * k + kx)).as("%s K[%d]", s.name(), i)
            .isCloseTo(central(net, flat, i, x, y), within(1e-7));
      }
    }
    // Stem: 6x6 positions, 3x3 patches with padding 1; pixel (r, c) is column ky·3 + kx of position
    // (r − ky + 1, c − kx + 1).
    INDArray gA = sites.get(0).gA();
    for (int pixel = 0; pixel < 36; pixel += 7) {
      int r = pixel / 6;
      int c = pixel % 6;
      double sum = 0;
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          int pr = r - ky + 1;
          int pc = c - kx + 1;
          if (pr >= 0 && pr < 6 && pc >= 0 && pc < 6) {
            sum += gA.getDouble(pr * 6 + pc, ky * 3 + kx);
          }
        }
      }
      assertThat(-sum).as("dl/dx[%d]", pixel).isCloseTo(central(net, x, pixel, x, y), within(1e-7));
    }
    List<String> norms = net.undecayedParams().stream().filter(p -> p.contains(".bn.")).toList();
    Map<String, INDArray> grads = net.lossAndGradients(x, y, norms).getGradients();
    for (String p : norms) {
      INDArray flat = net.param(p).reshape(net.param(p).length());
      for (long i = 0; i < flat.length(); i += 3) {
        assertThat(grads.get(p).getDouble(i)).as("%s[%d]", p, i).isCloseTo(central(net, flat, i, x, y),
            within(1e-7));
      }
    }
  }

  /**
   * Training steps on one fixed batch (no parameter updates) move every running mean and variance to
   * that batch's statistics of the conv output (momentum 0.1: 1 − 0.9^40 of the way, later norms lag
   * behind the earlier ones they see); then inference mode reproduces the batch's statistics at every site.
   */
  @Test
  void runningStatisticsApproachTheDataStatistics() {
    ResNet net = ResNet.build(SMALL, IMAGE, 3, true, 100_000, DataType.DOUBLE, 8);
    Random rng = new Random(9);
    INDArray x = gaussian(rng, 16, 36).muli(2.0).addi(0.5);
    INDArray y = oneHot(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
    List<String> gammas = net.undecayedParams().stream().filter(p -> p.endsWith(".gamma")).toList();
    double before = statisticsGap(net, x, y);
    for (int step = 0; step < 40; step++) {
      net.trainingStep(x, y, gammas);
    }
    double after = statisticsGap(net, x, y);
    assertThat(before).isGreaterThan(0.3);
    assertThat(after).isLessThan(0.05 * before);
  }

  /**
   * A checkpoint keeps the running statistics: a network rebuilt from the same seed and loaded from the
   * checkpoint's bytes evaluates exactly like the trained one (without them it would use the initial 0/1).
   */
  @Test
  void checkpointKeepsTheRunningStatistics() {
    ResNet net = ResNet.build(SMALL, IMAGE, 3, true, 100_000, DataType.DOUBLE, 8);
    Random rng = new Random(10);
    INDArray x = gaussian(rng, 16, 36).muli(2.0).addi(0.5);
    INDArray y = oneHot(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
    List<String> gammas = net.undecayedParams().stream().filter(p -> p.endsWith(".gamma")).toList();
    for (int step = 0; step < 5; step++) {
      net.trainingStep(x, y, gammas);
    }
    assertThat(net.stateVariables()).hasSize(2 * net.runningStatistics().size()).isNotEmpty();
    NetworkCheckpoint saved = NetworkCheckpoint.of("{}", 5, net, 36, 3, x, y);
    ResNet rebuilt = ResNet.build(SMALL, IMAGE, 3, true, 100_000, DataType.DOUBLE, 8);
    double fresh = rebuilt.evaluation(x, y).loss();
    NetworkCheckpoint.fromBytes(saved.toBytes()).loadInto(rebuilt);
    double trained = net.evaluation(x, y).loss();
    assertThat(fresh).isNotCloseTo(trained, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(rebuilt.evaluation(x, y).loss()).isCloseTo(trained, org.assertj.core.data.Offset.offset(1e-12));
  }

  /** The largest |running − batch| over every norm's mean and variance, the batch's conv outputs probed. */
  private static double statisticsGap(ResNet net, INDArray x, INDArray y) {
    List<LayerSample> sites = net.probe(x, y);
    List<String[]> running = net.runningStatistics();
    double gap = 0;
    for (int i = 0; i < running.size(); i++) {
      INDArray hB = sites.get(i).hB();
      INDArray mean = hB.mean(0);
      INDArray var = hB.subRowVector(mean).muli(hB.subRowVector(mean)).mean(0);
      INDArray runMean = net.param(running.get(i)[0]).reshape(mean.length());
      INDArray runVar = net.param(running.get(i)[1]).reshape(var.length());
      gap = Math.max(gap, runMean.sub(mean).amaxNumber().doubleValue());
      gap = Math.max(gap, runVar.sub(var).amaxNumber().doubleValue());
    }
    return gap;
  }
}
