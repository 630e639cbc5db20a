package org.crhsweep.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The probe's direct BLAS calls against ND4J's own products, for every transpose combination. */
class HostBlasTest {

  private static INDArray random(int rows, int cols, long seed) {
    Random rng = new Random(seed);
    double[] x = new double[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    return Nd4j.create(x, new long[] {rows, cols}, DataType.DOUBLE);
  }

  @Test
  void gemmEqualsNd4jForEveryTransposeCombination() {
    // op(A) is 3 x 5, op(B) is 5 x 4 in every case; stored shapes follow the transposes.
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        INDArray a = ta ? random(5, 3, 1) : random(3, 5, 1);
        INDArray b = tb ? random(4, 5, 2) : random(5, 4, 2);
        INDArray expected = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b).muli(0.5);
        double[] got = HostBlas.gemm(HostMemory.rowMajor(a), (int) a.rows(), (int) a.columns(), ta,
            HostMemory.rowMajor(b), (int) b.rows(), (int) b.columns(), tb, 0.5);
        double[] want = HostMemory.rowMajor(expected);
        assertThat(got).hasSize(12);
        for (int i = 0; i < want.length; i++) {
          assertThat(got[i]).as("ta=%s tb=%s entry %s", ta, tb, i).isCloseTo(want[i], within(1e-12));
        }
      }
    }
  }

  @Test
  void gramsAreWtWAndWWt() {
    INDArray w = random(3, 7, 3);
    double[] zA = HostBlas.gram(HostMemory.rowMajor(w), 3, 7, 1.0);
    double[] zB = HostBlas.outerGram(HostMemory.rowMajor(w), 3, 7, 1.0);
    assertThat(zA).hasSize(49);
    assertThat(zB).hasSize(9);
    double[] wantA = HostMemory.rowMajor(w.transpose().mmul(w));
    double[] wantB = HostMemory.rowMajor(w.mmul(w.transpose()));
    for (int i = 0; i < 49; i++) {
      assertThat(zA[i]).isCloseTo(wantA[i], within(1e-12));
    }
    for (int i = 0; i < 9; i++) {
      assertThat(zB[i]).isCloseTo(wantB[i], within(1e-12));
    }
  }

  @Test
  void mismatchedInnerDimensionsAreRefused() {
    assertThatThrownBy(() -> HostBlas.gemm(new double[6], 2, 3, false, new double[8], 4, 2, false, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 vs 4");
  }
}
