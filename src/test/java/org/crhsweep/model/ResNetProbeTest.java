package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.ResNetConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResNetProbeTest {

  private static final double EPS = 1e-6;
  private static final ResNetConfig SMALL =
      new ResNetConfig(3, List.of(3, 4), List.of(1, 1), Activation.TANH, true);

  private static INDArray gaussian(Random rng, int rows, int cols) {
    double[][] v = new double[rows][cols];
    for (double[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return Nd4j.createFromArray(v);
  }

  @Test
  void sitesAreNamedByStageAndBlockAndEachIsItsLinearMap() {
    ResNet net = ResNet.build(SMALL, new int[] {1, 6, 6}, 3, true, 100_000, DataType.DOUBLE, 2);
    INDArray x = gaussian(new Random(3), 4, 36);
    INDArray y = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
    List<LayerSample> sites = net.probe(x, y);
    assertThat(sites).extracting(LayerSample::name).containsExactly("stem", "stage1.block1.conv1",
        "stage1.block1.conv2", "stage2.block1.conv1", "stage2.block1.conv2", "stage2.block1.shortcut", "fc");
    assertThat(sites).hasSize(SMALL.depth());
    assertThat(sites.subList(0, 6)).extracting(LayerSample::kind).containsOnly(SiteKind.CONV);
    assertThat(sites.get(6).kind()).isEqualTo(SiteKind.DENSE);
    // 6x6 at stride 1 (36 positions) in stage 1, 3x3 at stride 2 in stage 2: 4 samples each.
    assertThat(sites).extracting(s -> s.hA().rows()).containsExactly(144, 144, 144, 36, 36, 36, 4);
    assertThat(sites).extracting(LayerSample::dIn).containsExactly(9, 27, 27, 27, 36, 3, 4);
    // Biases are zero at init, so every conv site is h_b = W h_a on its patches (stride, padding, 1x1).
    for (LayerSample s : sites) {
      assertThat(s.hA().mmul(s.w().transpose()).sub(s.hB()).amaxNumber().doubleValue()).as(s.name())
          .isLessThan(1e-12);
      assertThat(s.gB().mmul(s.w()).sub(s.gA()).amaxNumber().doubleValue()).as(s.name()).isLessThan(1e-12);
    }
  }

  private static double loss(ResNet net, INDArray x, INDArray y) {
    return net.evaluation(x, y).loss() * x.rows();
  }

  /**
   * For one sample, every bias and six random kernel entries of every conv site against central
   * differences (all entries would take minutes): ∂ℓ/∂K[o, j]
   * = −Σ_p h_a[p, j] g_b[p, o] and ∂ℓ/∂b[o] = −Σ_p g_b[p, o], through the residual sums and the shortcut.
   */
  @Test
  void convGradientsMatchFiniteDifferencesThroughTheResidualPaths() {
    ResNet net = ResNet.build(SMALL, new int[] {1, 6, 6}, 3, true, 100_000, DataType.DOUBLE, 5);
    Random rng = new Random(8);
    for (String p : net.undecayedParams()) {
      INDArray b = net.param(p);
      b.assign(gaussian(rng, 1, (int) b.length()).reshape(b.shape()).muli(0.1));
    }
    INDArray x = gaussian(rng, 1, 36);
    INDArray y = Nd4j.createFromArray(new double[][] {{0, 0, 1}});
    List<LayerSample> sites = net.probe(x, y);
    List<String> checked = new ArrayList<>();
    for (LayerSample s : sites.subList(0, 6)) {
      INDArray dW = s.gB().transpose().mmul(s.hA()).neg();  // C_out x C_in·k·k, W's orientation
      INDArray kernel = net.param(s.name() + ".kernel");
      long k = kernel.size(0);
      long cIn = kernel.size(2);
      long cOut = kernel.size(3);
      INDArray flat = kernel.reshape(kernel.length());
      for (int draw = 0; draw < 6; draw++) {
        long i = rng.nextInt((int) flat.length());
        // YXIO flat index i = ((ky·k + kx)·C_in + c)·C_out + o; W's column is c·k·k + ky·k + kx.
        long o = i % cOut;
        long c = (i / cOut) % cIn;
        long kx = (i / (cOut * cIn)) % k;
        long ky = i / (cOut * cIn * k);
        double num = central(net, flat, i, x, y);
        assertThat(dW.getDouble(o, c * k * k + ky * k + kx)).as("%s K[%d]", s.name(), i)
            .isCloseTo(num, within(1e-7));
      }
      INDArray bias = net.param(s.name() + ".bias").reshape(cOut);
      for (long o = 0; o < cOut; o++) {
        double num = central(net, bias, o, x, y);
        assertThat(-s.gB().getColumn(o).sumNumber().doubleValue()).as("%s b[%d]", s.name(), o)
            .isCloseTo(num, within(1e-7));
      }
      checked.add(s.name());
    }
    assertThat(checked).hasSize(6);
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
}
