package org.crhsweep.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.Network;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The hand-written kernel computes what PackedMlp's SameDiff graph computes, member by member. */
class MlpKernelTest {

  private static final long[] SEEDS = {3, 7, 11};

  private static PackedMlp pack(MlpShape shape, DataType dtype) {
    PackedMlp p = PackedMlp.build(shape, dtype, SEEDS);
    // Biases start at zero: give them values so the forward add is exercised.
    Nd4j.getRandom().setSeed(5);
    for (String b : p.biasNames()) {
      p.param(b).assign(Nd4j.rand(dtype, p.param(b).shape()).subi(0.5));
    }
    return p;
  }

  private static List<String> params(PackedMlp p) {
    List<String> out = new ArrayList<>(p.weightNames());
    out.addAll(p.biasNames());
    return out;
  }

  private static INDArray[] batch(MlpShape shape, DataType dtype, int b, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(dtype, SEEDS.length, b, shape.inputDim()).subi(0.5).muli(2);
    // Cross-entropy targets that are not one-hot check the Σ_j y_j term of the gradient too.
    INDArray y = Nd4j.rand(dtype, SEEDS.length, b, shape.outputDim());
    return new INDArray[] {x, y};
  }

  /** max |a − b| / max |b|. */
  private static double relErr(INDArray a, INDArray ref) {
    double scale = Math.max(ref.amaxNumber().doubleValue(), 1e-300);
    return a.castTo(DataType.DOUBLE).sub(ref.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
  }

  private static void assertMatchesSameDiff(PackedMlp p, INDArray x, INDArray y, double tol, String what) {
    OutAndGrad ref = p.lossAndGradientsSameDiff(x, y, params(p));
    OutAndGrad got = p.lossAndGradients(x, y, params(p));
    assertThat(got.getOutputs().get(PackedMlp.LOSSES).shape()).containsExactly(SEEDS.length);
    assertThat(relErr(got.getOutputs().get(PackedMlp.LOSSES), ref.getOutputs().get(PackedMlp.LOSSES)))
        .as("losses, %s", what).isLessThan(tol);
    for (String name : params(p)) {
      INDArray g = got.getGradients().get(name);
      assertThat(g.shape()).as(name).containsExactly(p.param(name).shape());
      assertThat(relErr(g, ref.getGradients().get(name))).as("%s, %s", name, what).isLessThan(tol);
    }
  }

  @Test
  void float64MatchesTheSameDiffGraphOnEveryShape() {
    for (int depth = 1; depth <= 4; depth++) {
      for (Activation act : List.of(Activation.TANH, Activation.RELU, Activation.LINEAR)) {
        for (boolean crossEntropy : new boolean[] {false, true}) {
          for (boolean bias : new boolean[] {true, false}) {
            MlpShape shape = new MlpShape(4, 3, depth, 6, act, bias, crossEntropy);
            PackedMlp p = pack(shape, DataType.DOUBLE);
            INDArray[] xy = batch(shape, DataType.DOUBLE, 5, depth);
            assertMatchesSameDiff(p, xy[0], xy[1], 1e-10, shape.toString());
          }
        }
      }
    }
  }

  @Test
  void float32MatchesTheSameDiffGraph() {
    for (MlpShape shape : List.of(new MlpShape(16, 4, 4, 64, Activation.TANH, true, false),
        new MlpShape(5, 4, 3, 7, Activation.RELU, true, true))) {
      PackedMlp p = pack(shape, DataType.FLOAT);
      INDArray[] xy = batch(shape, DataType.FLOAT, 8, 1);
      assertMatchesSameDiff(p, xy[0], xy[1], 1e-5, shape.toString());
    }
  }

  /**
   * tanh on the JDK's Vector API (the default where the JVM has it, as the test JVMs do) against ND4J's tanh ops:
   * they differ only by ND4J's tanh error (up to ~1000 ulp near 0), so losses and gradients agree to float
   * tolerance; relu's vector steps are ND4J's own arithmetic, so the relu kernel agrees to the bit.
   */
  @Test
  void vectorActivationsAgreeWithNd4jOps() {
    assertThat(VectorSteps.OFF_BECAUSE).as("the test JVMs start with --add-modules=jdk.incubator.vector").isNull();
    for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      for (Activation act : List.of(Activation.TANH, Activation.RELU)) {
        // 7 x 5 entries per member: the vector loop's last partial vector is taken too.
        MlpShape shape = new MlpShape(4, 3, 3, 7, act, true, false);
        PackedMlp p = pack(shape, dtype);
        List<INDArray> w = List.of(p.param("w1"), p.param("w2"), p.param("w3"));
        List<INDArray> b = List.of(p.param("b1"), p.param("b2"), p.param("b3"));
        INDArray[] xy = batch(shape, dtype, 5, 6);
        MlpKernel vector = new MlpKernel(shape, dtype, SEEDS.length, true, true);
        MlpKernel ops = new MlpKernel(shape, dtype, SEEDS.length, true, false);
        vector.compute(xy[0], xy[1], w, b);
        ops.compute(xy[0], xy[1], w, b);
        String what = dtype + " " + act;
        if (act == Activation.RELU) {
          assertThat(vector.gradients()).as(what).isEqualTo(ops.gradients());
          continue;
        }
        double tol = dtype == DataType.FLOAT ? 1e-5 : 1e-12;
        assertThat(relErr(vector.losses(), ops.losses())).as(what).isLessThan(tol);
        assertThat(relErr(vector.gradients(), ops.gradients())).as(what).isLessThan(tol).isGreaterThan(0);
      }
    }
  }

  @Test
  void weightGradientsMatchCentralFiniteDifferences() {
    MlpShape shape = new MlpShape(4, 3, 3, 6, Activation.TANH, true, true);
    PackedMlp p = pack(shape, DataType.DOUBLE);
    INDArray[] xy = batch(shape, DataType.DOUBLE, 5, 9);
    OutAndGrad og = p.lossAndGradients(xy[0], xy[1], params(p));
    double eps = 1e-6;
    long[][] entries = {{0, 0, 1}, {1, 3, 2}, {2, 5, 0}};
    for (String w : List.of("w1", "w2", "w3")) {
      INDArray grad = og.getGradients().get(w).dup();
      for (long[] e : entries) {
        long[] at = {e[0], Math.min(e[1], p.param(w).size(1) - 1), Math.min(e[2], p.param(w).size(2) - 1)};
        double w0 = p.param(w).getDouble(at);
        p.param(w).putScalar(at, w0 + eps);
        double up = p.lossAndGradients(xy[0], xy[1], params(p)).getOutputs().get(PackedMlp.LOSSES).getDouble(at[0]);
        p.param(w).putScalar(at, w0 - eps);
        double down = p.lossAndGradients(xy[0], xy[1], params(p)).getOutputs().get(PackedMlp.LOSSES).getDouble(at[0]);
        p.param(w).putScalar(at, w0);
        double fd = (up - down) / (2 * eps);
        assertThat(Math.abs(fd - grad.getDouble(at))).as("%s%s", w, java.util.Arrays.toString(at))
            .isLessThan(1e-6 * Math.max(Math.abs(fd), 1e-3));
      }
    }
  }

  @Test
  void buffersFollowTheBatchSizeAndAreReused() {
    MlpShape shape = new MlpShape(4, 3, 2, 6, Activation.TANH, true, false);
    PackedMlp p = pack(shape, DataType.DOUBLE);
    INDArray[] five = batch(shape, DataType.DOUBLE, 5, 1);
    INDArray[] two = batch(shape, DataType.DOUBLE, 2, 2);
    assertMatchesSameDiff(p, five[0], five[1], 1e-10, "B=5");
    assertMatchesSameDiff(p, two[0], two[1], 1e-10, "B=2");
    assertMatchesSameDiff(p, five[0], five[1], 1e-10, "B=5 again");
    // Views at an offset into a larger buffer, as PackedTrainer's epoch buffers hand them over.
    INDArray xView = Nd4j.create(DataType.DOUBLE, 2, 3, 5, 4);
    xView.get(NDArrayIndex.point(1)).assign(five[0]);
    assertMatchesSameDiff(p, xView.get(NDArrayIndex.point(1)), five[1], 1e-10, "x a view");
    OutAndGrad a = p.lossAndGradients(five[0], five[1], params(p));
    OutAndGrad b = p.lossAndGradients(two[0], two[1], params(p));
    assertThat(b.getGradients().get("w1")).isSameAs(a.getGradients().get("w1"));
    assertThat(b.getOutputs().get(PackedMlp.LOSSES)).isSameAs(a.getOutputs().get(PackedMlp.LOSSES));
  }

  @Test
  void membersAreIndependent() {
    MlpShape shape = new MlpShape(4, 3, 3, 6, Activation.RELU, true, true);
    PackedMlp p = pack(shape, DataType.DOUBLE);
    INDArray[] xy = batch(shape, DataType.DOUBLE, 5, 4);
    OutAndGrad before = p.lossAndGradients(xy[0], xy[1], params(p));
    List<INDArray> member1 = new ArrayList<>();
    List<INDArray> member0 = new ArrayList<>();
    for (String name : params(p)) {
      member0.add(member(before.getGradients().get(name), 0).dup());
      member1.add(member(before.getGradients().get(name), 1).dup());
    }
    double loss1 = before.getOutputs().get(PackedMlp.LOSSES).getDouble(1);
    member(p.param("w2"), 0).addi(0.3);
    member(p.param("b1"), 0).subi(0.2);
    OutAndGrad after = p.lossAndGradients(xy[0], xy[1], params(p));
    assertThat(after.getOutputs().get(PackedMlp.LOSSES).getDouble(1)).isEqualTo(loss1);
    List<String> names = params(p);
    for (int i = 0; i < names.size(); i++) {
      assertThat(member(after.getGradients().get(names.get(i)), 1)).as(names.get(i)).isEqualTo(member1.get(i));
    }
    assertThat(member(after.getGradients().get("w1"), 0)).isNotEqualTo(member0.get(0));
  }

  @Test
  void geluIsLeftToSameDiff() {
    MlpShape shape = new MlpShape(4, 3, 2, 6, Activation.GELU, true, false);
    assertThat(MlpKernel.supports(shape)).isFalse();
    assertThatThrownBy(() -> new MlpKernel(shape, DataType.DOUBLE, 3))
        .hasMessage("MlpKernel supports activation tanh, relu or linear, got gelu (use the SameDiff graph)");
    PackedMlp p = pack(shape, DataType.DOUBLE);
    INDArray[] xy = batch(shape, DataType.DOUBLE, 5, 1);
    OutAndGrad og = p.lossAndGradients(xy[0], xy[1], params(p));
    OutAndGrad ref = p.lossAndGradientsSameDiff(xy[0], xy[1], params(p));
    assertThat(relErr(og.getGradients().get("w1"), ref.getGradients().get("w1"))).isZero();
  }

  @Test
  void wrongInputShapesAreRejected() {
    MlpShape shape = new MlpShape(4, 3, 2, 6, Activation.TANH, true, false);
    MlpKernel k = new MlpKernel(shape, DataType.DOUBLE, 3);
    PackedMlp p = pack(shape, DataType.DOUBLE);
    List<INDArray> w = List.of(p.param("w1"), p.param("w2"));
    List<INDArray> b = List.of(p.param("b1"), p.param("b2"));
    assertThatThrownBy(() -> k.compute(Nd4j.zeros(DataType.DOUBLE, 2, 5, 4), Nd4j.zeros(DataType.DOUBLE, 2, 5, 3), w, b))
        .hasMessage("x must be [3, B, 4], got [2, 5, 4]");
    assertThatThrownBy(() -> k.compute(Nd4j.zeros(DataType.FLOAT, 3, 5, 4), Nd4j.zeros(DataType.FLOAT, 3, 5, 3), w, b))
        .hasMessage("x and y must be DOUBLE like the parameters, got x FLOAT, y FLOAT");
  }

  @Test
  void unpackedMlpRunsTheKernelOnViewsOfItsOwnParameters() {
    for (MlpShape shape : List.of(new MlpShape(4, 3, 3, 6, Activation.TANH, true, false),
        new MlpShape(5, 4, 2, 7, Activation.RELU, false, true))) {
      Mlp m = Mlp.build(shape, DataType.DOUBLE, 3);
      List<String> names = new ArrayList<>(m.weightNames());
      names.addAll(m.biasNames());
      Nd4j.getRandom().setSeed(2);
      INDArray x = Nd4j.rand(DataType.DOUBLE, 5, shape.inputDim()).subi(0.5);
      INDArray y = Nd4j.rand(DataType.DOUBLE, 5, shape.outputDim());
      for (int round = 0; round < 2; round++) {
        OutAndGrad ref = m.lossAndGradientsSameDiff(x, y, names);
        OutAndGrad got = m.lossAndGradients(x, y, names);
        assertThat(got.getOutputs().get(Network.LOSS).getDouble(0))
            .isCloseTo(ref.getOutputs().get(Network.LOSS).getDouble(0), org.assertj.core.api.Assertions.within(1e-12));
        for (String name : names) {
          assertThat(got.getGradients().get(name).shape()).as(name).containsExactly(m.param(name).shape());
          assertThat(relErr(got.getGradients().get(name), ref.getGradients().get(name))).as("%s round %d", name, round)
              .isLessThan(1e-10);
        }
        // An in-place update of the 2-D parameters must reach the kernel's [1, r, c] views.
        m.param("w1").subi(got.getGradients().get("w1").mul(0.5));
      }
    }
  }

  private static INDArray member(INDArray packed, int k) {
    return packed.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all());
  }
}
