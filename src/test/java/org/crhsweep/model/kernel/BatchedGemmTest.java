package org.crhsweep.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The kernel on direct BLAS calls computes what it computes on ND4J's batched Mmul (the other backends' path). */
class BatchedGemmTest {

  @Test
  void blasKernelEqualsTheNd4jMmulKernel() {
    for (MlpShape shape : List.of(new MlpShape(5, 3, 3, 7, Activation.TANH, true, false),
        new MlpShape(4, 6, 2, 5, Activation.RELU, false, true))) {
      int k = 3;
      MlpLayout layout = new MlpLayout(shape, k);
      Nd4j.getRandom().setSeed(3);
      INDArray flat = Nd4j.rand(DataType.DOUBLE, layout.size()).subi(0.5);
      List<INDArray> w = new ArrayList<>();
      List<INDArray> b = new ArrayList<>();
      for (int l = 1; l <= shape.depth(); l++) {
        w.add(layout.weight(flat, l));
        if (shape.bias()) {
          b.add(layout.bias(flat, l));
        }
      }
      MlpKernel blas = new MlpKernel(shape, DataType.DOUBLE, k, true);
      MlpKernel nd4j = new MlpKernel(shape, DataType.DOUBLE, k, false);
      for (int batch : new int[] {4, 9}) {
        INDArray x = Nd4j.rand(DataType.DOUBLE, k, batch, shape.inputDim()).subi(0.5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, k, batch, shape.outputDim());
        blas.compute(x, y, w, b);
        nd4j.compute(x, y, w, b);
        String what = shape + ", batch " + batch;
        assertThat(blas.losses().sub(nd4j.losses()).amaxNumber().doubleValue()).as("losses, %s", what)
            .isLessThan(1e-12);
        assertThat(blas.gradients().sub(nd4j.gradients()).amaxNumber().doubleValue()).as("gradients, %s", what)
            .isLessThan(1e-12);
        assertThat(blas.gradients().amaxNumber().doubleValue()).as("non-trivial gradients, %s", what)
            .isGreaterThan(1e-3);
      }
    }
  }
}
