package org.crhsweep.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The kernel's BLAS steps give the ND4J ops' numbers to the bit, per member, in both float types. */
class BlasStepsTest {

  private static double[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }

  @Test
  void eachStepIsItsNd4jOpToTheBit() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray a = Nd4j.randn(type, 3, 5, 7);
      INDArray row = Nd4j.randn(type, 3, 1, 7);
      INDArray expected = Nd4j.create(type, 3, 5, 7);
      Nd4j.exec(new AddOp(new INDArray[] {a, row}, new INDArray[] {expected}));
      INDArray out = a.dup();
      KernelStep add = BlasSteps.addRow(out, Nd4j.create(type, 3, 1, 7));
      add.input(1, row);
      add.run();
      assertThat(flat(out)).as("addRow %s", type).containsExactly(flat(expected));

      INDArray y = Nd4j.randn(type, 3, 5, 7);
      INDArray diff = Nd4j.create(type, 3, 5, 7);
      Nd4j.exec(new SubOp(new INDArray[] {a, y}, new INDArray[] {expected}));
      KernelStep sub = BlasSteps.difference(a, Nd4j.create(type, 3, 5, 7), diff);
      sub.input(1, y);
      sub.run();
      assertThat(flat(diff)).as("difference %s", type).containsExactly(flat(expected));

      double s = 0.3 * (1.0 / 5);
      Nd4j.exec(new MulOp(new INDArray[] {a, Nd4j.scalar(type, s)}, new INDArray[] {expected}));
      INDArray scaled = a.dup();
      BlasSteps.scale(scaled, s).run();
      assertThat(flat(scaled)).as("scale %s", type).containsExactly(flat(expected));
    }
  }

  @Test
  void aRowThatIsAViewIntoFlatParametersIsRead() {
    // A pack's biases are views into its flat parameter array; a single MLP's are [1, 1, d] views of [1, d].
    INDArray flatParams = Nd4j.randn(DataType.FLOAT, 1, 40);
    INDArray row = flatParams.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 19)).reshape(2, 1, 7);
    INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 3, 7);
    KernelStep add = BlasSteps.addRow(a, Nd4j.create(DataType.FLOAT, 2, 1, 7));
    add.input(1, row);
    add.run();
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < 3; i++) {
        assertThat(flat(a.get(NDArrayIndex.point(k), NDArrayIndex.point(i), NDArrayIndex.all())))
            .containsExactly(flat(row.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all())));
      }
    }
    assertThatThrownBy(() -> add.input(1, Nd4j.create(DataType.FLOAT, 2, 1, 8)))
        .hasMessageContaining("operand must be a dense c-order [2, 1, 7] FLOAT array, got [2, 1, 8]");
  }
}
