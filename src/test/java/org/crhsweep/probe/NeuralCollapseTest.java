package org.crhsweep.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NeuralCollapseTest {

  /**
   * Two classes with means (∓1, 0) in 2-d, each with the four deviations (±c, 0), (0, ±b): Σ_W =
   * diag(c²/2, b²/2), Σ_B = diag(1, 0), Σ_B⁺ = diag(1, 0), so NC1 = (c²/2)/2 = c²/4 whatever b is
   * (spread orthogonal to the class means does not count).
   */
  @Test
  void twoClassesInThePlaneHaveTheClosedForm() {
    for (double b : new double[] {0.0, 0.5, 3.0}) {
      for (double c : new double[] {0.0, 0.6, 2.0}) {
        INDArray h = Nd4j.createFromArray(new double[][] {
            {-1 + c, 0}, {-1 - c, 0}, {-1, b}, {-1, -b},
            {1 + c, 0}, {1 - c, 0}, {1, b}, {1, -b}});
        INDArray y = Nd4j.createFromArray(new double[][] {
            {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}});
        assertThat(NeuralCollapse.nc1(h, y)).as("b=%s c=%s", b, c).isCloseTo(c * c / 4, within(1e-12));
      }
    }
  }

  /**
   * Three classes at the corners of a simplex in 3-d (means e_1, e_2, e_3, global mean (1,1,1)/3),
   * isotropic within-class spread σ² per coordinate: Σ_B has the two non-zero eigenvalues 1/3 on the
   * plane orthogonal to (1,1,1), so tr(Σ_W Σ_B⁺) = σ² · 2 · 3 and NC1 = 2σ².
   */
  @Test
  void aSimplexWithIsotropicSpread() {
    double sigma = 0.3;
    double[][] rows = new double[18][];
    double[][] labels = new double[18][3];
    int r = 0;
    for (int cls = 0; cls < 3; cls++) {
      for (int axis = 0; axis < 3; axis++) {
        for (int sign = -1; sign <= 1; sign += 2) {
          double[] v = new double[3];
          v[cls] = 1;
          // ± σ√3 along one axis each: per-coordinate variance 2·3σ²/6 = σ².
          v[axis] += sign * sigma * Math.sqrt(3);
          rows[r] = v;
          labels[r][cls] = 1;
          r++;
        }
      }
    }
    double nc1 = NeuralCollapse.nc1(Nd4j.createFromArray(rows), Nd4j.createFromArray(labels));
    assertThat(nc1).isCloseTo(2 * sigma * sigma, within(1e-12));
  }

  @Test
  void oneClassHasNoBetweenClassSpread() {
    INDArray h = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}});
    assertThat(NeuralCollapse.nc1(h, y)).isNaN();
  }
}
