package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.Moments;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Padding;
import org.crhsweep.spec.Pooling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class CnnProbeTest {

  private static final double EPS = 1e-6;

  private static INDArray gaussian(Random rng, int rows, int cols) {
    double[][] v = new double[rows][cols];
    for (double[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return Nd4j.createFromArray(v);
  }

  private static double maxDiff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.sub(b).amaxNumber().doubleValue();
  }

  /**
   * One linear conv layer (2 channels in, 3 out, 3x3 kernel, stride 2, zero padding 1) and a linear
   * output layer under MSE: every quantity has a closed form on explicit patches built here by loops
   * from the image, so the probe's six matrices must equal those of the dense layer on the patches.
   */
  @Test
  void convSiteEqualsTheDenseLayerOnExplicitPatches() {
    int cIn = 2;
    int side = 5;
    int k = 3;
    int s = 2;
    int p = 1;
    int cOut = 3;
    int out = 4;
    CnnConfig arch = new CnnConfig(List.of(cOut), k, s, Padding.SAME, Pooling.NONE, 0, Activation.LINEAR,
        List.of(), true);
    Cnn cnn = Cnn.build(arch, new int[] {cIn, side, side}, out, false, 100_000, DataType.DOUBLE, 11);
    // Non-zero biases, so that the test sees them excluded from h_b = W h_a only through the bias term.
    cnn.param("kb1").assign(Nd4j.createFromArray(0.3, -0.2, 0.1));
    Random rng = new Random(5);
    int n = 6;
    INDArray x = gaussian(rng, n, cIn * side * side);
    INDArray y = gaussian(rng, n, out);
    LayerSample conv = cnn.probe(x, y).get(0);
    assertThat(conv.kind()).isEqualTo(SiteKind.CONV);
    assertThat(conv.name()).isEqualTo("conv1");

    int o = (side + 2 * p - k) / s + 1;
    int positions = o * o;
    int d = cIn * k * k;
    double[][] patches = new double[n * positions][d];
    double[][] img = x.toDoubleMatrix();
    for (int i = 0; i < n; i++) {
      for (int oy = 0; oy < o; oy++) {
        for (int ox = 0; ox < o; ox++) {
          int row = i * positions + oy * o + ox;
          for (int c = 0; c < cIn; c++) {
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int yy = oy * s + ky - p;
                int xx = ox * s + kx - p;
                boolean inside = yy >= 0 && yy < side && xx >= 0 && xx < side;
                patches[row][c * k * k + ky * k + kx] = inside ? img[i][c * side * side + yy * side + xx] : 0;
              }
            }
          }
        }
      }
    }
    INDArray kernel = cnn.param("k1");
    double[][] w = new double[cOut][d];
    for (int oc = 0; oc < cOut; oc++) {
      for (int c = 0; c < cIn; c++) {
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            w[oc][c * k * k + ky * k + kx] = kernel.getDouble(ky, kx, c, oc);
          }
        }
      }
    }
    INDArray hA = Nd4j.createFromArray(patches);
    INDArray wm = Nd4j.createFromArray(w);
    INDArray bias = cnn.param("kb1").reshape(1, cOut);
    INDArray hB = hA.mmul(wm.transpose()).addRowVector(bias);
    // Output: flatten the (C, oH, oW) map of each sample, times the dense weight; g_flat = (y − out) Mᵀ.
    INDArray flat = Nd4j.create(DataType.DOUBLE, n, (long) cOut * positions);
    for (int i = 0; i < n; i++) {
      for (int pos = 0; pos < positions; pos++) {
        for (int oc = 0; oc < cOut; oc++) {
          flat.putScalar(i, (long) oc * positions + pos, hB.getDouble((long) i * positions + pos, oc));
        }
      }
    }
    INDArray m = cnn.param("w1");
    INDArray pred = flat.mmul(m).addRowVector(cnn.param("b1"));
    INDArray gFlat = y.sub(pred).mmul(m.transpose());
    INDArray gB = Nd4j.create(DataType.DOUBLE, (long) n * positions, cOut);
    for (int i = 0; i < n; i++) {
      for (int pos = 0; pos < positions; pos++) {
        for (int oc = 0; oc < cOut; oc++) {
          gB.putScalar((long) i * positions + pos, oc, gFlat.getDouble(i, (long) oc * positions + pos));
        }
      }
    }
    INDArray gA = gB.mmul(wm);
    assertThat(maxDiff(conv.w(), wm)).isLessThan(1e-12);
    for (Stat stat : Stat.values()) {
      assertThat(maxDiff(Moments.secondMoment(conv.hA(), stat), Moments.secondMoment(hA, stat))).as("H_a")
          .isLessThan(1e-5);
      assertThat(maxDiff(Moments.secondMoment(conv.hB(), stat), Moments.secondMoment(hB, stat))).as("H_b")
          .isLessThan(1e-5);
      assertThat(maxDiff(Moments.secondMoment(conv.gA(), stat), Moments.secondMoment(gA, stat))).as("G_a")
          .isLessThan(1e-5);
      assertThat(maxDiff(Moments.secondMoment(conv.gB(), stat), Moments.secondMoment(gB, stat))).as("G_b")
          .isLessThan(1e-5);
    }
    assertThat(maxDiff(conv.zA(), wm.transpose().mmul(wm))).as("Z_a").isLessThan(1e-5);
    assertThat(maxDiff(conv.zB(), wm.mmul(wm.transpose()))).as("Z_b").isLessThan(1e-5);
    // Row by row, too: the observation order is (sample, row, column).
    assertThat(maxDiff(conv.hA(), hA)).isLessThan(1e-12);
    assertThat(maxDiff(conv.gB(), gB)).isLessThan(1e-10);
  }

  private static double sampleLoss(Cnn m, INDArray x, INDArray y) {
    return m.evaluation(x, y).loss() * x.rows();
  }

  private static double centralDifference(Cnn m, INDArray arr, long flatIndex, INDArray xn, INDArray yn) {
    INDArray a = arr.reshape(arr.length());
    double orig = a.getDouble(flatIndex);
    a.putScalar(flatIndex, orig + EPS);
    double up = sampleLoss(m, xn, yn);
    a.putScalar(flatIndex, orig - EPS);
    double down = sampleLoss(m, xn, yn);
    a.putScalar(flatIndex, orig);
    return (up - down) / (2 * EPS);
  }

  /**
   * Two tanh conv layers with non-overlapping 2x2 patches (stride 2, no padding) on 2x4x4 images, a
   * hidden dense layer, cross-entropy. Per sample n: every input pixel lies in exactly one conv1
   * patch, so −∂ℓ/∂pixel is that observation's g_a entry; ∂ℓ/∂K[o, j] = −Σ_p h_a[p, j] g_b[p, o] and
   * ∂ℓ/∂b[o] = −Σ_p g_b[p, o] (9 equations for conv1's 4 positions: they pin g_b position by
   * position); conv2 has one position, where ∂ℓ/∂b = −g_b.
   */
  @Test
  void convGradientsMatchFiniteDifferencesPerObservation() {
    CnnConfig arch = new CnnConfig(List.of(3, 4), 2, 2, Padding.VALID, Pooling.NONE, 0, Activation.TANH,
        List.of(5), true);
    Cnn cnn = Cnn.build(arch, new int[] {2, 4, 4}, 3, true, 100_000, DataType.DOUBLE, 3);
    cnn.param("kb1").assign(Nd4j.createFromArray(0.1, -0.3, 0.2));
    Random rng = new Random(9);
    INDArray x = gaussian(rng, 2, 32);
    INDArray y = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0, 1}});
    List<LayerSample> sites = cnn.probe(x, y);
    assertThat(sites).extracting(LayerSample::name).containsExactly("conv1", "conv2", "fc1", "fc2");
    assertThat(sites).extracting(LayerSample::kind)
        .containsExactly(SiteKind.CONV, SiteKind.CONV, SiteKind.DENSE, SiteKind.DENSE);
    LayerSample c1 = sites.get(0);
    LayerSample c2 = sites.get(1);
    assertThat(c1.hA().rows()).isEqualTo(2 * 4);
    assertThat(c2.hA().rows()).isEqualTo(2);
    for (int n = 0; n < 2; n++) {
      INDArray xn = x.getRow(n, true).dup();
      INDArray yn = y.getRow(n, true).dup();
      // g_a at conv1: pixel (c, yy, xx) sits in patch (yy/2, xx/2) at slot (c, yy%2, xx%2).
      for (int c = 0; c < 2; c++) {
        for (int yy = 0; yy < 4; yy++) {
          for (int xx = 0; xx < 4; xx++) {
            double num = centralDifference(cnn, xn, c * 16 + yy * 4 + xx, xn, yn);
            long row = n * 4L + (yy / 2) * 2 + xx / 2;
            int slot = c * 4 + (yy % 2) * 2 + xx % 2;
            assertThat(c1.gA().getDouble(row, slot)).as("g_a n=%d pixel (%d,%d,%d)", n, c, yy, xx)
                .isCloseTo(-num, within(1e-7));
          }
        }
      }
      // g_b at conv1, through the kernel (YXIO, entry (ky, kx, c, o) is column c·4 + ky·2 + kx of W) and bias.
      INDArray rows1 = Nd4j.createFromArray(n * 4L, n * 4L + 1, n * 4L + 2, n * 4L + 3);
      INDArray hA1 = c1.hA().getRows(rows1.toIntVector());
      INDArray gB1 = c1.gB().getRows(rows1.toIntVector());
      INDArray expectedK = hA1.transpose().mmul(gB1).neg();
      INDArray kernel = cnn.param("k1");
      for (int ky = 0; ky < 2; ky++) {
        for (int kx = 0; kx < 2; kx++) {
          for (int c = 0; c < 2; c++) {
            for (int o = 0; o < 3; o++) {
              long flat = ((ky * 2L + kx) * 2 + c) * 3 + o;
              double num = centralDifference(cnn, kernel, flat, xn, yn);
              assertThat(expectedK.getDouble(c * 4 + ky * 2 + kx, o)).as("dK1 n=%d", n).isCloseTo(num, within(1e-7));
            }
          }
        }
      }
      for (int o = 0; o < 3; o++) {
        double num = centralDifference(cnn, cnn.param("kb1"), o, xn, yn);
        assertThat(-gB1.getColumn(o).sumNumber().doubleValue()).as("db1").isCloseTo(num, within(1e-7));
      }
      for (int o = 0; o < 4; o++) {
        double num = centralDifference(cnn, cnn.param("kb2"), o, xn, yn);
        assertThat(c2.gB().getDouble(n, o)).as("g_b conv2 n=%d o=%d", n, o).isCloseTo(-num, within(1e-7));
      }
    }
    // Chain rule conv2 -> conv1: conv2's patch slot (c, ky, kx) is conv1's output (c, ky, kx), through tanh'.
    INDArray deriv = Transforms.pow(Transforms.tanh(c1.hB(), true), 2).rsubi(1);
    for (int n = 0; n < 2; n++) {
      for (int pos = 0; pos < 4; pos++) {
        for (int c = 0; c < 3; c++) {
          double expected = c2.gA().getDouble(n, c * 4 + pos) * deriv.getDouble(n * 4L + pos, c);
          assertThat(c1.gB().getDouble(n * 4L + pos, c)).isCloseTo(expected, within(1e-10));
        }
      }
    }
  }

  @Test
  void aConvSiteKeepsASeededSubsetOfObservations() {
    CnnConfig arch = new CnnConfig(List.of(2), 3, 1, Padding.SAME, Pooling.MAX, 2, Activation.RELU, List.of(), true);
    Cnn full = Cnn.build(arch, new int[] {1, 6, 6}, 2, true, 1000, DataType.DOUBLE, 4);
    Cnn capped = Cnn.build(arch, new int[] {1, 6, 6}, 2, true, 50, DataType.DOUBLE, 4);
    INDArray x = gaussian(new Random(1), 4, 36);
    INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
    LayerSample all = full.probe(x, y).get(0);
    LayerSample some = capped.probe(x, y).get(0);
    LayerSample again = capped.probe(x, y).get(0);
    assertThat(all.hA().rows()).isEqualTo(4 * 36);
    assertThat(some.hA().rows()).isEqualTo(50);
    assertThat(maxDiff(some.hA(), again.hA())).isZero();
    // Each kept row is one of the full rows, with its own h_b and g_b.
    INDArray wt = all.w().transpose();
    assertThat(maxDiff(some.hA().mmul(wt).subRowVector(some.hB().sub(some.hA().mmul(wt)).getRow(0)), some.hB()))
        .isLessThan(1e-12);
    assertThat(maxDiff(some.gA(), some.gB().mmul(all.w()))).isLessThan(1e-12);
  }
}
