package org.crhsweep.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The probe's LAPACK path (dsyevd on a flat array) against ND4J's own eigendecomposition (dsyev). */
class SymmetricEigenTest {

  @Test
  void flatPathMatchesNd4jEigenAndReconstructsTheMatrix() {
    int d = 37;
    Random rng = new Random(5);
    double[] g = new double[3 * d * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian();
    }
    INDArray x = Nd4j.create(g, new long[] {3L * d, d}, DataType.DOUBLE);
    INDArray b = x.transpose().mmul(x);
    SymmetricEigen reference = SymmetricEigen.viaNd4j(HostMemory.rowMajor(b), d);
    SymmetricEigen fast = SymmetricEigen.of(HostMemory.rowMajor(b), d);
    for (int i = 0; i < d; i++) {
      assertThat(fast.values()[i]).isCloseTo(reference.values()[i], within(1e-9 * reference.values()[d - 1]));
      // The same eigenvector up to sign.
      double dot = Math.abs(fast.vectors().getColumn(i).mul(reference.vectors().getColumn(i)).sumNumber().doubleValue());
      assertThat(dot).isCloseTo(1.0, within(1e-8));
    }
    for (int i = 1; i < d; i++) {
      assertThat(fast.values()[i]).isGreaterThanOrEqualTo(fast.values()[i - 1]);
    }
    INDArray v = fast.vectors();
    INDArray rebuilt = v.mulRowVector(Nd4j.createFromArray(fast.values())).mmul(v.transpose());
    assertThat(rebuilt.sub(b).amaxNumber().doubleValue()).isLessThan(1e-9 * b.amaxNumber().doubleValue());
  }

  @Test
  void flatReadsEveryLayoutRowMajor() {
    INDArray c = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE);
    assertThat(HostMemory.rowMajor(c)).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(HostMemory.rowMajor(c.dup('f'))).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(HostMemory.rowMajor(c.transpose())).containsExactly(1, 4, 2, 5, 3, 6);
    INDArray big = Nd4j.create(new double[] {9, 9, 1, 2, 3, 4}, new long[] {3, 2}, DataType.DOUBLE);
    assertThat(HostMemory.rowMajor(big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
        org.nd4j.linalg.indexing.NDArrayIndex.all()))).containsExactly(1, 2, 3, 4);
    assertThat(HostMemory.rowMajor(c.castTo(DataType.FLOAT))).containsExactly(1, 2, 3, 4, 5, 6);
  }
}
