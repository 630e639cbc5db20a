package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.Alignment;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.Moments;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpProbeTest {

  private static final double EPS = 1e-6;

  private static double sampleLoss(Mlp m, INDArray x, INDArray y) {
    return m.evaluationSameDiff(x, y).loss() * x.rows();
  }

  @Test
  void gradientsMatchFiniteDifferencesPerSample() {
    for (boolean ce : new boolean[] {false, true}) {
      Mlp m = Mlp.build(new MlpShape(3, 2, 3, 4, Activation.TANH, true, ce), DataType.DOUBLE, 7);
      INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.7}, {1.1, 0.4, -0.5}});
      INDArray y = ce
          ? Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}})
          : Nd4j.createFromArray(new double[][] {{0.5, -0.2}, {-1.0, 0.8}});
      List<LayerSample> layers = m.probe(x, y);
      assertThat(layers).hasSize(3);
      for (int n = 0; n < 2; n++) {
        INDArray xn = x.getRow(n, true).dup();
        INDArray yn = y.getRow(n, true).dup();
        // g_a of layer 1 = -dl/dx, per sample.
        for (int k = 0; k < 3; k++) {
          double num = centralDifference(m, xn, k, xn, yn);
          assertThat(layers.get(0).gA().getDouble(n, k)).as("ce=%s g_a[%d,%d]", ce, n, k)
              .isCloseTo(-num, within(1e-6));
        }
        // g_b of layer l = -dl/dpre_l = -dl/db_l for a single sample.
        for (int l = 1; l <= 3; l++) {
          INDArray b = m.param("b" + l);
          for (int j = 0; j < b.columns(); j++) {
            double num = centralDifference(m, b, j, xn, yn);
            assertThat(layers.get(l - 1).gB().getDouble(n, j)).as("ce=%s g_b layer %d [%d,%d]", ce, l, n, j)
                .isCloseTo(-num, within(1e-6));
          }
        }
      }
      // Chain rule between layers: g_b^{l-1} = g_a^l ∘ tanh'(pre_{l-1}).
      for (int l = 2; l <= 3; l++) {
        INDArray pre = layers.get(l - 2).hB();
        INDArray deriv = pre.mul(0).addi(1).subi(org.nd4j.linalg.ops.transforms.Transforms.tanh(pre, true).mul(
            org.nd4j.linalg.ops.transforms.Transforms.tanh(pre, true)));
        INDArray expected = layers.get(l - 1).gA().mul(deriv);
        assertThat(expected.sub(layers.get(l - 2).gB()).amaxNumber().doubleValue()).isLessThan(1e-10);
      }
    }
  }

  /** d(loss of one sample)/d(arr[0, k]) by central differences; arr is an input row or a live parameter. */
  private static double centralDifference(Mlp m, INDArray arr, int k, INDArray xn, INDArray yn) {
    double orig = arr.getDouble(0, k);
    arr.putScalar(0, k, orig + EPS);
    double up = sampleLoss(m, xn, yn);
    arr.putScalar(0, k, orig - EPS);
    double down = sampleLoss(m, xn, yn);
    arr.putScalar(0, k, orig);
    return (up - down) / (2 * EPS);
  }

  @Test
  void aHandComputed2x3LayerPinsTheWeightConvention() {
    // One linear layer, d_in = 3, d_out = 2, no bias. Row-vector weight M (3x2); the paper's W = Mᵀ (2x3).
    Mlp m = Mlp.build(new MlpShape(3, 2, 1, 1, Activation.LINEAR, false, false), DataType.DOUBLE, 1);
    m.param("w1").assign(Nd4j.createFromArray(new double[][] {{1, 4}, {2, 5}, {3, 6}}));
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, -1}});
    INDArray y = Nd4j.createFromArray(new double[][] {{0, 0}});
    LayerSample s = m.probe(x, y).get(0);
    // W = [[1,2,3],[4,5,6]]: W x for x = (1,0,-1) is (1-3, 4-6) = (-2, -2).
    assertThat(s.w().shape()).containsExactly(2, 3);
    assertThat(s.w().toDoubleMatrix()).isEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(s.hB().toDoubleMatrix()).isEqualTo(new double[][] {{-2, -2}});
    // MSE ½‖h_b − y‖²: g_b = −(h_b − y) = (2, 2); g_a = Wᵀ g_b = (2+8, 4+10, 6+12) = (10, 14, 18).
    assertThat(s.gB().toDoubleMatrix()).isEqualTo(new double[][] {{2, 2}});
    assertThat(s.gA().toDoubleMatrix()).isEqualTo(new double[][] {{10, 14, 18}});
    // Z_a = WᵀW is 3x3 with (0,0) = 1 + 16; Z_b = W Wᵀ is 2x2 with (0,1) = 4 + 10 + 18.
    assertThat(s.zA().shape()).containsExactly(3, 3);
    assertThat(s.zA().getDouble(0, 0)).isEqualTo(17.0);
    assertThat(s.zB().shape()).containsExactly(2, 2);
    assertThat(s.zB().getDouble(0, 1)).isEqualTo(32.0);
  }

  @Test
  void probeOfALinearModelMatchesClosedFormMatrices() {
    Mlp m = Mlp.build(new MlpShape(4, 3, 1, 1, Activation.LINEAR, false, false), DataType.DOUBLE, 3);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 4).subi(0.5);
    INDArray y = Nd4j.rand(DataType.DOUBLE, 50, 3);
    INDArray mw = m.param("w1").dup();
    LayerSample s = m.probe(x, y).get(0);
    INDArray hB = x.mmul(mw);
    INDArray gB = y.sub(hB);
    INDArray gA = gB.mmul(mw.transpose());
    // Closed form: H_a = XᵀX/N, H_b = MᵀH_aM, G_b = (Y − XM)ᵀ(Y − XM)/N, G_a = M G_b Mᵀ.
    INDArray hAm = x.transpose().mmul(x).div(50);
    INDArray hBm = mw.transpose().mmul(hAm).mmul(mw);
    INDArray gBm = gB.transpose().mmul(gB).div(50);
    INDArray gAm = mw.mmul(gBm).mmul(mw.transpose());
    assertThat(Moments.secondMoment(s.hA(), Stat.RAW).sub(hAm).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(Moments.secondMoment(s.hB(), Stat.RAW).sub(hBm).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(Moments.secondMoment(s.gB(), Stat.RAW).sub(gBm).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(Moments.secondMoment(s.gA(), Stat.RAW).sub(gAm).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(s.gA().sub(gA).amaxNumber().doubleValue()).isLessThan(1e-12);

    LayerProbe p = new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-9, 1).probe(s);
    INDArray zA = mw.mmul(mw.transpose());
    INDArray zB = mw.transpose().mmul(mw);
    assertThat(p.alignment(Relation.F_RWA, Stat.RAW).alignment()).isCloseTo(Alignment.pearson(hAm, zA), within(1e-12));
    assertThat(p.alignment(Relation.B_GWA, Stat.RAW).alignment()).isCloseTo(Alignment.pearson(gBm, zB), within(1e-12));
    assertThat(p.alignment(Relation.B_RGA, Stat.RAW).cosine()).isCloseTo(Alignment.cosine(hBm, gBm), within(1e-12));
    // Linear layer, H_b = W H_a Wᵀ: with isotropic-ish inputs, b-RWA is high; never outside [-1, 1].
    for (var v : p.alignments()) {
      assertThat(v.alignment()).isBetween(-1.0, 1.0);
    }
    assertThat(p.alignments()).hasSize(12);
    assertThat(p.exponents()).hasSize(12);
  }

  private static double relErr(INDArray a, INDArray ref) {
    double scale = Math.max(ref.amaxNumber().doubleValue(), 1e-300);
    return a.sub(ref).amaxNumber().doubleValue() / scale;
  }

  @Test
  void kernelProbeAndEvaluationEqualTheSameDiffGraph() {
    for (int depth : new int[] {1, 3}) {
      for (Activation act : List.of(Activation.TANH, Activation.RELU, Activation.LINEAR)) {
        for (boolean ce : new boolean[] {false, true}) {
          Mlp m = Mlp.build(new MlpShape(4, 3, depth, 5, act, true, ce), DataType.DOUBLE, 11);
          Nd4j.getRandom().setSeed(depth);
          INDArray x = Nd4j.rand(DataType.DOUBLE, 7, 4).subi(0.5).muli(2);
          INDArray y = Nd4j.rand(DataType.DOUBLE, 7, 3);
          String what = depth + " " + act + (ce ? " ce" : " mse");
          // A training batch of another size in between must not disturb the probe-set buffers.
          m.lossAndGradients(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
              org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), y.get(org.nd4j.linalg.indexing.NDArrayIndex
              .interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), m.decayedParams());
          List<LayerSample> ref = m.probeSameDiff(x, y);
          List<LayerSample> got = m.probe(x, y);
          assertThat(got).hasSize(depth);
          for (int l = 0; l < depth; l++) {
            LayerSample r = ref.get(l);
            LayerSample g = got.get(l);
            assertThat(g.name()).isEqualTo(r.name());
            assertThat(relErr(g.hA(), r.hA())).as("h_a %s layer %d", what, l + 1).isLessThan(1e-12);
            assertThat(relErr(g.hB(), r.hB())).as("h_b %s layer %d", what, l + 1).isLessThan(1e-12);
            assertThat(relErr(g.gB(), r.gB())).as("g_b %s layer %d", what, l + 1).isLessThan(1e-10);
            assertThat(relErr(g.gA(), r.gA())).as("g_a %s layer %d", what, l + 1).isLessThan(1e-10);
            assertThat(relErr(g.w(), r.w())).as("W %s layer %d", what, l + 1).isZero();
          }
          Evaluation e = m.evaluation(x, y);
          Evaluation eRef = m.evaluationSameDiff(x, y);
          assertThat(e.loss()).as("loss %s", what).isCloseTo(eRef.loss(), within(1e-12 * Math.abs(eRef.loss())));
          assertThat(relErr(e.output(), eRef.output())).as("output %s", what).isLessThan(1e-12);
          assertThat(relErr(e.features(), eRef.features())).as("features %s", what).isLessThan(1e-12);
          // One pass for both: the same evaluation and the same samples.
          Network.ProbePass pass = m.probePass(x, y, true);
          assertThat(pass.evaluation().loss()).isCloseTo(eRef.loss(), within(1e-12 * Math.abs(eRef.loss())));
          assertThat(relErr(pass.evaluation().output(), eRef.output())).as("pass output %s", what).isLessThan(1e-12);
          assertThat(pass.samples()).hasSize(depth);
          assertThat(relErr(pass.samples().get(depth - 1).gB(), ref.get(depth - 1).gB())).as("pass g_b %s", what)
              .isLessThan(1e-10);
          assertThat(relErr(pass.samples().get(0).gA(), ref.get(0).gA())).as("pass g_a %s", what).isLessThan(1e-10);
          assertThat(m.probePass(x, y, false).samples()).isEmpty();
        }
      }
    }
  }
}
