package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A pack's parameters and gradients are views of one flat array each, and the update over those arrays is
 * Trainer's per-parameter update, member by member.
 */
class PackedUpdateTest {

  private static final int K = 3;

  private static PackedMlp pack(Activation activation) {
    PackedMlp p = PackedMlp.build(new MlpShape(4, 3, 3, 5, activation, true, false), DataType.DOUBLE, 1, 2, 3);
    Nd4j.getRandom().setSeed(9);
    for (String b : p.biasNames()) {
      p.param(b).assign(Nd4j.rand(DataType.DOUBLE, p.param(b).shape()).subi(0.5));
    }
    return p;
  }

  private static List<String> params(PackedMlp p) {
    List<String> out = new ArrayList<>(p.weightNames());
    out.addAll(p.biasNames());
    return out;
  }

  private static OutAndGrad gradients(PackedMlp p, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.DOUBLE, K, 6, 4).subi(0.5);
    INDArray y = Nd4j.rand(DataType.DOUBLE, K, 6, 3);
    return p.lossAndGradients(x, y, params(p));
  }

  /** Every entry of {@code flat} is seen by exactly one of {@code views}, and member slices read it too. */
  private static void assertPartition(INDArray flat, Map<String, INDArray> views) {
    flat.assign(Nd4j.arange(flat.length()).castTo(flat.dataType()));
    Set<Long> seen = new HashSet<>();
    long total = 0;
    for (Map.Entry<String, INDArray> e : views.entrySet()) {
      INDArray v = e.getValue();
      total += v.length();
      for (int k = 0; k < K; k++) {
        // get(point(k)) is what copyTo and callers use: it must see the flat array's numbers.
        INDArray member = v.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(member.data()).as("%s member %d", e.getKey(), k).isNotNull();
        for (double d : member.dup().data().asDouble()) {
          seen.add((long) d);
        }
      }
    }
    assertThat(total).isEqualTo(flat.length());
    assertThat(seen).hasSize((int) flat.length());
  }

  @Test
  void paramsAndGradientsAreViewsOfTheFlatArrays() {
    for (Activation a : List.of(Activation.TANH, Activation.GELU)) { // the kernel, and the SameDiff path
      PackedMlp p = pack(a);
      INDArray w2 = p.param("w2").dup();
      p.flatParams().addi(1.0);
      INDArray moved = p.param("w2").sub(w2);
      assertThat(new double[] {moved.minNumber().doubleValue(), moved.maxNumber().doubleValue()})
          .as("%s: w2 moved with the flat array", a).containsExactly(new double[] {1, 1}, within(1e-12));
      OutAndGrad og = gradients(p, 4);
      Map<String, INDArray> grads = og.getGradients();
      assertThat(p.flatGradients().norm2Number().doubleValue()).as("%s: the gradients land in the flat array", a)
          .isEqualTo(Math.sqrt(grads.values().stream().mapToDouble(g -> g.norm2Number().doubleValue() * g.norm2Number()
              .doubleValue()).sum()), within(1e-12));
      assertPartition(p.flatGradients(), grads);
      Map<String, INDArray> views = new HashMap<>();
      for (String name : params(p)) {
        views.put(name, p.param(name));
      }
      assertPartition(p.flatParams(), views);
    }
  }

  @Test
  void flatUpdateEqualsPerParameterUpdate() {
    double[] lr = {0.1, 0.05, 0.2};
    double[] wd = {0.01, 0.1, 0.03};
    for (double momentum : new double[] {0, 0.9}) {
      for (boolean decayBiases : new boolean[] {false, true}) {
        PackedMlp p = pack(Activation.TANH);
        String what = "momentum " + momentum + ", decay_biases " + decayBiases;
        PackedUpdate update = new PackedUpdate(p, momentum, decayBiases, lr, wd);
        List<String> names = params(p);
        double[][][] velocity = new double[names.size()][K][];
        for (int step = 0; step < 3; step++) {
          if (step == 2) {
            update.freeze(1);
          }
          OutAndGrad og = gradients(p, 10 + step);
          // Expected: Trainer's update, per parameter and member, in plain Java doubles.
          List<double[][]> expected = new ArrayList<>();
          for (int n = 0; n < names.size(); n++) {
            boolean decayed = p.weightNames().contains(names.get(n)) || decayBiases;
            double[][] perMember = new double[K][];
            for (int k = 0; k < K; k++) {
              double[] w = member(p.param(names.get(n)), k);
              double[] g = member(og.getGradients().get(names.get(n)), k);
              boolean frozen = step == 2 && k == 1;
              double eta = frozen ? 0 : lr[k];
              double gamma = frozen || !decayed ? 0 : wd[k];
              if (velocity[n][k] == null) {
                velocity[n][k] = new double[w.length];
              }
              for (int i = 0; i < w.length; i++) {
                if (momentum > 0) {
                  velocity[n][k][i] = momentum * velocity[n][k][i] + g[i] + gamma * w[i];
                  w[i] -= eta * velocity[n][k][i];
                } else {
                  w[i] = (1 - eta * gamma) * w[i] - eta * g[i];
                }
              }
              perMember[k] = w;
            }
            expected.add(perMember);
          }
          double[] frozenBefore = member(p.param("w2"), 1);
          update.apply();
          for (int n = 0; n < names.size(); n++) {
            for (int k = 0; k < K; k++) {
              double[] got = member(p.param(names.get(n)), k);
              for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("%s, step %d, %s member %d [%d]", what, step, names.get(n), k, i)
                    .isCloseTo(expected.get(n)[k][i], within(1e-12));
              }
            }
          }
          if (step == 2) {
            assertThat(member(p.param("w2"), 1)).as("%s: a frozen member keeps its parameters", what)
                .containsExactly(frozenBefore);
          } else {
            assertThat(member(p.param("w2"), 1)).as("%s: the step moved member 1", what).isNotEqualTo(frozenBefore);
          }
        }
      }
    }
  }

  private static double[] member(INDArray stacked, int k) {
    return stacked.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all()).dup().data().asDouble();
  }
}
