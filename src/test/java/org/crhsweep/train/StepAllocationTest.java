package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crhsweep.data.Dataset;
import org.crhsweep.data.SyntheticData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.junit.jupiter.api.Test;

/**
 * The training loop's allocation-free paths give exactly what the allocating ones give: the shared minibatch
 * arrays hold the batches of the view-based stream, and the BLAS SGD step is ND4J's two operations.
 */
class StepAllocationTest {

  @Test
  void sharedBatchesAreTheBatchesOfTheStream() {
    Dataset d = SyntheticData.teacherStudent(5, 3, 8, 0.1, 100, 16, 3, DataType.FLOAT);
    // 100 samples in batches of 16: 6 per epoch, the 7th starts a new permutation; three epochs.
    MinibatchStream views = new MinibatchStream(d, 16, 42);
    MinibatchStream shared = new MinibatchStream(d, 16, 42);
    MinibatchStream.Batch first = null;
    for (int i = 0; i < 20; i++) {
      MinibatchStream.Batch a = views.next();
      MinibatchStream.Batch b = shared.nextShared();
      assertThat(flat(b.x())).as("batch %d", i).containsExactly(flat(a.x()));
      assertThat(flat(b.y())).as("batch %d", i).containsExactly(flat(a.y()));
      if (first == null) {
        first = b;
      }
      assertThat(b.x()).isSameAs(first.x());
      assertThat(b.y()).isSameAs(first.y());
    }
  }

  @Test
  void gatherCopiesRowsByIndexIntoAnyRowsOfATarget() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      // The source is a view with an offset (rows 2..7 of a larger matrix), as a training set may be.
      INDArray big = Nd4j.arange(30).castTo(dtype).reshape(10, 3);
      INDArray source = big.get(NDArrayIndex.interval(2, 8), NDArrayIndex.all());
      INDArray target = Nd4j.zeros(dtype, 2, 2, 3);
      int[] rows = {4, 0, 5, 1};
      // rows[1..2] = source rows 0 and 5 (big's rows 2 and 7) into target rows 1 and 2 (the [2, 2, 3] read as rows).
      MinibatchStream.gather(source, rows, 1, 2, target, 1);
      assertThat(target.reshape(4, 3).toDoubleMatrix()).as("%s", dtype).isEqualTo(new double[][] {
          {0, 0, 0}, {6, 7, 8}, {21, 22, 23}, {0, 0, 0}});
    }
    INDArray source = Nd4j.zeros(DataType.FLOAT, 6, 3);
    assertThatThrownBy(() -> MinibatchStream.gather(source, new int[] {0, 1}, 0, 2, Nd4j.zeros(DataType.DOUBLE, 2, 3), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one data type");
    assertThatThrownBy(() -> MinibatchStream.gather(source, new int[] {0, 1}, 0, 2, Nd4j.zeros(DataType.FLOAT, 2, 3), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 2 rows from row 1");
  }

  @Test
  void blasSgdIsNd4jsScaleAndAxpy() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      // A weight matrix, and a bias row whose gradient is a view into a larger flat array (as the kernel's are).
      INDArray w = Nd4j.rand(type, 7, 5).subi(0.5);
      INDArray flat = Nd4j.rand(type, 1, 60).subi(0.5);
      INDArray g = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 45)).reshape(7, 5);
      INDArray b = Nd4j.rand(type, 1, 9);
      INDArray gb = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(50, 59)).reshape(1, 9);
      for (INDArray[] pair : new INDArray[][] {{w, g}, {b, gb}}) {
        INDArray expected = pair[0].dup();
        expected.muli(1 - 0.05 * 0.01);
        Nd4j.getBlasWrapper().level1().axpy(expected.length(), -0.05, pair[1], expected);
        BlasSgd sgd = new BlasSgd();
        assertThat(sgd.step(pair[0], pair[1], 1 - 0.05 * 0.01, 0.05)).isTrue();
        assertThat(flat(pair[0])).as(type.toString()).containsExactly(flat(expected));
        // Without decay: only the axpy.
        INDArray again = pair[0].dup();
        Nd4j.getBlasWrapper().level1().axpy(again.length(), -0.05, pair[1], again);
        assertThat(sgd.step(pair[0], pair[1], 1, 0.05)).isTrue();
        assertThat(flat(pair[0])).containsExactly(flat(again));
      }
    }
    // A layout BLAS cannot take as a vector (a column of a matrix): refused, nothing changed.
    INDArray m = Nd4j.rand(DataType.FLOAT, 6, 4);
    INDArray column = m.getColumn(1);
    INDArray before = column.dup();
    assertThat(new BlasSgd().step(column, Nd4j.rand(DataType.FLOAT, 6), 1, 0.1)).isFalse();
    assertThat(flat(column)).containsExactly(flat(before));
  }

  /** Every entry, exactly. */
  private static double[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
