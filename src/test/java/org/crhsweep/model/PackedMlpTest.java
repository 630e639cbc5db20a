package org.crhsweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** K packed MLPs compute exactly what K separate MLPs compute, member by member. */
class PackedMlpTest {

  private static double maxDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  private static void checkAgainstSeparateModels(MlpShape shape) {
    long[] seeds = {3, 7, 11};
    PackedMlp packed = PackedMlp.build(shape, DataType.DOUBLE, seeds);
    int batch = 5;
    INDArray x = Nd4j.rand(DataType.DOUBLE, seeds.length, batch, shape.inputDim()).subi(0.5);
    INDArray y = Nd4j.rand(DataType.DOUBLE, seeds.length, batch, shape.outputDim());
    if (shape.crossEntropy()) {
      y = Nd4j.zeros(DataType.DOUBLE, seeds.length, batch, shape.outputDim());
      for (int k = 0; k < seeds.length; k++) {
        for (int i = 0; i < batch; i++) {
          y.putScalar(new long[] {k, i, (k + i) % shape.outputDim()}, 1.0);
        }
      }
    }
    List<String> params = new ArrayList<>(packed.weightNames());
    params.addAll(packed.biasNames());
    OutAndGrad og = packed.lossAndGradients(x, y, params);
    INDArray losses = og.getOutputs().get(PackedMlp.LOSSES);
    assertThat(losses.shape()).containsExactly(seeds.length);
    for (int k = 0; k < seeds.length; k++) {
      Mlp m = Mlp.build(shape, DataType.DOUBLE, seeds[k]);
      INDArray xk = x.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all()).dup();
      INDArray yk = y.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all()).dup();
      OutAndGrad single = m.lossAndGradients(xk, yk, params);
      assertThat(losses.getDouble(k)).isCloseTo(single.getOutputs().get(Network.LOSS).getDouble(0),
          org.assertj.core.api.Assertions.within(1e-12));
      for (String p : params) {
        INDArray g = og.getGradients().get(p).get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(maxDiff(g, single.getGradients().get(p))).as("%s of model %d", p, k).isLessThan(1e-12);
      }
      // copyTo writes back the same parameters the member started from.
      Mlp target = Mlp.build(shape, DataType.DOUBLE, 999);
      packed.copyTo(k, target);
      for (String p : params) {
        assertThat(maxDiff(target.param(p), m.param(p))).isZero();
      }
    }
  }

  @Test
  void mseMembersMatchSeparateMlps() {
    checkAgainstSeparateModels(new MlpShape(4, 3, 3, 6, Activation.TANH, true, false));
  }

  @Test
  void crossEntropyReluWithoutBiasMatchesToo() {
    checkAgainstSeparateModels(new MlpShape(5, 4, 2, 7, Activation.RELU, false, true));
  }
}
