package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.SiteKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TransformerTest {

  private static final TransformerShape SHAPE = new TransformerShape(7, 5, 2, 8, 2, 2, true, 10_000);
  private static final double EPS = 1e-6;

  private static INDArray ids(long seed, int n, int t, int vocab) {
    java.util.Random r = new java.util.Random(seed);
    double[][] v = new double[n][t];
    for (double[] row : v) {
      for (int k = 0; k < t; k++) {
        row[k] = r.nextInt(vocab);
      }
    }
    return Nd4j.createFromArray(v);
  }

  @Test
  void shapesNamesAndKindsOfEverySite() {
    Transformer m = Transformer.build(SHAPE, DataType.DOUBLE, 3);
    INDArray x = ids(1, 3, 5, 7);
    INDArray y = ids(2, 3, 5, 7);
    Evaluation e = m.evaluation(x, y);
    assertThat(e.output().shape()).containsExactly(3, 5, 7);
    assertThat(e.features().shape()).containsExactly(15, 8);
    // At init the loss is near T·log V per sequence (logits small against the LayerNorm'd features).
    assertThat(e.loss()).isBetween(0.5 * 5 * Math.log(7), 2.0 * 5 * Math.log(7));
    List<LayerSample> sites = m.probe(x, y);
    assertThat(sites).extracting(LayerSample::name).containsExactly("layer1.attn.q", "layer1.attn.k",
        "layer1.attn.v", "layer1.attn.o", "layer1.mlp.in", "layer1.mlp.out", "layer2.attn.q", "layer2.attn.k",
        "layer2.attn.v", "layer2.attn.o", "layer2.mlp.in", "layer2.mlp.out", "head");
    assertThat(sites).extracting(LayerSample::kind).containsOnly(SiteKind.ATTENTION, SiteKind.MLP, SiteKind.DENSE);
    assertThat(sites.get(4).kind()).isEqualTo(SiteKind.MLP);
    assertThat(sites.get(3).kind()).isEqualTo(SiteKind.ATTENTION);
    for (LayerSample s : sites) {
      assertThat(s.hA().rows()).as(s.name()).isEqualTo(15);
    }
    assertThat(new int[] {sites.get(4).dIn(), sites.get(4).dOut(), sites.get(5).dIn(), sites.get(5).dOut()})
        .containsExactly(8, 16, 16, 8);
    assertThat(new int[] {sites.get(12).dIn(), sites.get(12).dOut()}).containsExactly(8, 7);
    // 6 maps per block + head are decayed; embeddings, LayerNorms and biases are not.
    assertThat(m.decayedParams()).hasSize(13);
    assertThat(m.undecayedParams()).contains("tok_emb", "pos_emb", "layer1_ln1_gain", "ln_f_shift", "head_b");
  }

  @Test
  void aFutureTokenChangesNoEarlierOutputOrLoss() {
    Transformer m = Transformer.build(SHAPE, DataType.DOUBLE, 4);
    INDArray x = ids(5, 2, 5, 7);
    INDArray y = ids(6, 2, 5, 7);
    INDArray x2 = x.dup();
    x2.putScalar(1, 3, (x.getDouble(1, 3) + 1) % 7);
    INDArray y2 = y.dup();
    y2.putScalar(1, 3, (y.getDouble(1, 3) + 1) % 7);
    INDArray before = m.evaluation(x, y).output();
    INDArray after = m.evaluation(x2, y2).output();
    double[] lossBefore = tokenLosses(before, y);
    double[] lossAfter = tokenLosses(after, y2);
    for (int n = 0; n < 2; n++) {
      for (int t = 0; t < 5; t++) {
        double change = before.slice(n).getRow(t).sub(after.slice(n).getRow(t)).amaxNumber().doubleValue();
        boolean future = n == 1 && t >= 3;
        if (future) {
          assertThat(change).as("position %d,%d sees the change", n, t).isGreaterThan(1e-6);
        } else {
          assertThat(change).as("position %d,%d", n, t).isEqualTo(0.0);
          assertThat(lossAfter[n * 5 + t]).isEqualTo(lossBefore[n * 5 + t]);
        }
      }
    }
    // The probe's h_b rows of earlier tokens are unchanged too (each token one observation).
    LayerSample q = m.probe(x, y).get(6);
    LayerSample q2 = m.probe(x2, y2).get(6);
    assertThat(q.hB().getRow(7).sub(q2.hB().getRow(7)).amaxNumber().doubleValue()).isEqualTo(0.0);
    assertThat(q.hB().getRow(8).sub(q2.hB().getRow(8)).amaxNumber().doubleValue()).isGreaterThan(1e-6);
  }

  private static double[] tokenLosses(INDArray logits, INDArray y) {
    int n = (int) logits.size(0);
    int t = (int) logits.size(1);
    double[] out = new double[n * t];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < t; k++) {
        double[] row = logits.slice(i).getRow(k).toDoubleVector();
        double max = java.util.Arrays.stream(row).max().orElseThrow();
        double z = java.util.Arrays.stream(row).map(v -> Math.exp(v - max)).sum();
        out[i * t + k] = -(row[(int) y.getDouble(i, k)] - max - Math.log(z));
      }
    }
    return out;
  }

  @Test
  void perTokenGradientsMatchFiniteDifferencesAtAttentionAndMlpSites() {
    Transformer m = Transformer.withOffsets(SHAPE, DataType.DOUBLE, 8);
    // Two sequences, so a wrong per-sample scaling or cross-sequence coupling would show.
    INDArray x = ids(9, 2, 5, 7);
    INDArray y = ids(10, 2, 5, 7);
    List<LayerSample> sites = m.probe(x, y);
    // K of block 1 (its g_b flows only through the attention scores), the output projection, both MLP maps.
    for (int index : new int[] {1, 3, 4, 5}) {
      LayerSample s = sites.get(index);
      for (int token : new int[] {1, 7}) {
        for (int j = 0; j < s.dOut(); j += 4) {
          double num = centralDifference(m, x, y, s.name(), false, token, j, s.dOut());
          assertThat(s.gB().getDouble(token, j)).as("%s g_b[%d,%d]", s.name(), token, j)
              .isCloseTo(-num, within(1e-6));
        }
        for (int i = 0; i < s.dIn(); i += 5) {
          double num = centralDifference(m, x, y, s.name(), true, token, i, s.dIn());
          assertThat(s.gA().getDouble(token, i)).as("%s g_a[%d,%d]", s.name(), token, i)
              .isCloseTo(-num, within(1e-6));
        }
      }
    }
  }

  /** d(summed loss)/d(offset[token, k]) at one site's input or output, by central differences. */
  private static double centralDifference(Transformer m, INDArray x, INDArray y, String site, boolean input,
      int token, int k, int width) {
    INDArray delta = Nd4j.zeros(DataType.DOUBLE, x.rows() * x.columns(), width);
    delta.putScalar(token, k, EPS);
    m.offset(site, input, delta);
    double up = m.evaluation(x, y).loss() * x.rows();
    delta.putScalar(token, k, -EPS);
    double down = m.evaluation(x, y).loss() * x.rows();
    m.offset(site, input, Nd4j.zeros(DataType.DOUBLE, x.rows() * x.columns(), width));
    return (up - down) / (2 * EPS);
  }

  @Test
  void largeProbeSetsKeepTheSameSeededTokenSubsample() {
    TransformerShape capped = new TransformerShape(7, 5, 1, 8, 2, 2, true, 6);
    Transformer m = Transformer.build(capped, DataType.DOUBLE, 3);
    INDArray x = ids(1, 4, 5, 7);
    INDArray y = ids(2, 4, 5, 7);
    int[] keep = m.tokenSubsample(20);
    assertThat(keep).hasSize(6).isSorted().doesNotHaveDuplicates();
    assertThat(m.tokenSubsample(20)).isEqualTo(keep);
    assertThat(m.tokenSubsample(6)).isNull();
    LayerSample full = Transformer.build(new TransformerShape(7, 5, 1, 8, 2, 2, true, 100), DataType.DOUBLE, 3)
        .probe(x, y).get(0);
    LayerSample sub = m.probe(x, y).get(0);
    assertThat(sub.hA().rows()).isEqualTo(6);
    for (int r = 0; r < 6; r++) {
      assertThat(sub.gB().getRow(r).sub(full.gB().getRow(keep[r])).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
  }
}
