package org.crhsweep.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.crhsweep.linalg.SymmetricEigen;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProbeMathTest {

  static INDArray gaussian(int rows, int cols, long seed) {
    Random r = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }

  static INDArray wishart(int d, int n, long seed) {
    INDArray x = gaussian(n, d, seed);
    return Nd4j.gemm(x, x, true, false).divi(n);
  }

  @Test
  void alignmentOfAMatrixWithItselfAndItsMultiplesIsOne() {
    INDArray a = wishart(12, 40, 1);
    assertThat(Alignment.pearson(a, a)).isCloseTo(1.0, within(1e-12));
    assertThat(Alignment.pearson(a, a.mul(3.7))).isCloseTo(1.0, within(1e-12));
    assertThat(Alignment.pearson(a, a.mul(-2))).isCloseTo(-1.0, within(1e-12));
    assertThat(Alignment.cosine(a, a.mul(0.01))).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void pearsonMatchesAHandComputedValue() {
    INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    INDArray b = Nd4j.createFromArray(new double[][] {{2, 1}, {4, 3}});
    // centred a = (-1.5,-0.5,0.5,1.5), centred b = (-0.5,-1.5,1.5,0.5): dot 3 / (√5·√5) = 0.6
    assertThat(Alignment.pearson(a, b)).isCloseTo(0.6, within(1e-12));
    // cosine: (2+2+12+12)/(sqrt(30)*sqrt(30)) = 28/30
    assertThat(Alignment.cosine(a, b)).isCloseTo(28.0 / 30.0, within(1e-12));
  }

  @Test
  void alignmentIsInvariantUnderJointRotation() {
    INDArray a = wishart(10, 30, 2);
    INDArray b = wishart(10, 30, 3);
    INDArray q = SymmetricEigen.randomOrthogonal(10, 9);
    double direct = Alignment.cosine(a, b);
    double rotated = Alignment.cosine(q.mmul(a).mmul(q.transpose()), q.mmul(b).mmul(q.transpose()));
    assertThat(rotated).isCloseTo(direct, within(1e-10));
  }

  @Test
  void randomOrthogonalIsOrthogonal() {
    INDArray q = SymmetricEigen.randomOrthogonal(7, 5);
    INDArray qtq = q.transpose().mmul(q);
    assertThat(qtq.sub(Nd4j.eye(7).castTo(DataType.DOUBLE)).amaxNumber().doubleValue()).isLessThan(1e-10);
  }

  @Test
  void eigenDecompositionReconstructsTheMatrix() {
    INDArray b = wishart(6, 20, 4);
    SymmetricEigen e = SymmetricEigen.of(b);
    INDArray back = ExponentFit.power(e, 1.0, 0.0);
    assertThat(back.sub(b).amaxNumber().doubleValue()).isLessThan(1e-10);
    for (int i = 1; i < e.values().length; i++) {
      assertThat(e.values()[i]).isGreaterThanOrEqualTo(e.values()[i - 1]);
    }
  }

  @Test
  void exponentFitRecoversAnExactPowerLaw() {
    INDArray b = wishart(16, 64, 5);
    SymmetricEigen e = SymmetricEigen.of(b);
    for (double p : new double[] {0.5, 1.0, 2.0, 3.0}) {
      INDArray a = ExponentFit.power(e, p, 0.0).muli(4.2);
      ExponentFit fit = ExponentFit.fit(a, b, 1e-9);
      assertThat(fit.p()).as("p=%s", p).isCloseTo(p, within(1e-6));
      assertThat(fit.r2()).isCloseTo(1.0, within(1e-9));
      assertThat(fit.pLo()).isLessThanOrEqualTo(fit.p());
      assertThat(fit.pHi()).isGreaterThanOrEqualTo(fit.p());
      assertThat(fit.pHi() - fit.pLo()).isLessThan(1e-5);
      assertThat(fit.n()).isEqualTo(16);
      assertThat(fit.bestP()).isCloseTo(p, within(1e-9));
      assertThat(fit.bestAlpha()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void bestAlignmentFormulaAgreesWithTheExplicitMatrixPower() {
    INDArray a = wishart(9, 30, 6);
    INDArray b = wishart(9, 30, 7);
    SymmetricEigen e = SymmetricEigen.of(b);
    ExponentFit fit = ExponentFit.fit(a, e, 1e-9);
    double explicit = Alignment.pearson(a, ExponentFit.power(e, fit.bestP(), 1e-9));
    assertThat(fit.bestAlpha()).isCloseTo(explicit, within(1e-9));
    assertThat(fit.bestAlpha()).isGreaterThanOrEqualTo(Alignment.pearson(a, b) - 1e-12);
  }

  @Test
  void noisyPowerLawGivesAnIntervalAroundTheTruth() {
    INDArray b = wishart(32, 128, 8);
    SymmetricEigen e = SymmetricEigen.of(b);
    INDArray a = ExponentFit.power(e, 2.0, 0.0);
    // Multiplicative noise on the eigen-projections: a_i = μ_i^2 · exp(0.1 ε_i).
    Random r = new Random(3);
    double[] w = new double[32];
    for (int i = 0; i < 32; i++) {
      w[i] = Math.pow(e.values()[i], 2) * Math.exp(0.1 * r.nextGaussian());
    }
    INDArray v = e.vectors();
    a = v.mulRowVector(Nd4j.createFromArray(w)).mmul(v.transpose());
    ExponentFit fit = ExponentFit.fit(a, e, 1e-9);
    assertThat(fit.pLo()).isLessThan(2.0);
    assertThat(fit.pHi()).isGreaterThan(2.0);
    assertThat(fit.pHi() - fit.pLo()).isBetween(1e-3, 0.5);
    assertThat(fit.r2()).isBetween(0.9, 1.0);
  }

  @Test
  void nullCosineIsTheRotationAverage() {
    INDArray a = wishart(8, 20, 10);
    INDArray b = wishart(8, 12, 11);
    double exact = Alignment.nullCosine(a, b);
    double sum = 0;
    int n = 3000;
    for (int i = 0; i < n; i++) {
      INDArray q = SymmetricEigen.randomOrthogonal(8, 1000 + i);
      sum += Alignment.cosine(a, q.mmul(b).mmul(q.transpose()));
    }
    assertThat(sum / n).isCloseTo(exact, within(0.01));
  }

  @Test
  void chanceLevelOfIndependentWishartMatricesIsHighButBelowOne() {
    // docs/science.md, "Chance level": two independent 10x10 Wishart matrices correlate at about 0.85 entry-wise.
    Prober prober = new Prober(List.of(Stat.RAW), 16, 1e-6, 1);
    INDArray a = wishart(10, 10, 12);
    INDArray b = wishart(10, 10, 13);
    double nul = prober.nullPearson(a, b);
    assertThat(nul).isBetween(0.0, 0.99);
    assertThat(prober.nullPearson(a, a)).isLessThan(0.999);
  }

  @Test
  void batchedNullEqualsTheMeanOverExplicitRotations() {
    Prober prober = new Prober(List.of(Stat.RAW), 5, 1e-6, 3);
    INDArray a = wishart(9, 20, 14);
    INDArray b = wishart(9, 20, 15);
    double sum = 0;
    for (INDArray q : prober.rotationsFor(9).each()) {
      sum += Alignment.pearson(a, q.mmul(b).mmul(q.transpose()));
    }
    assertThat(prober.nullPearson(a, b)).isCloseTo(sum / 5, within(1e-12));
    // Entries dominated by their mean (raw moments of non-negative activations): the null is computed
    // without forming Q B Qᵀ, from sums and norms, and must not lose the small variance to cancellation.
    INDArray shiftedA = a.add(40.0);
    INDArray shiftedB = b.add(25.0);
    double shiftedSum = 0;
    for (INDArray q : prober.rotationsFor(9).each()) {
      shiftedSum += Alignment.pearson(shiftedA, q.mmul(shiftedB).mmul(q.transpose()));
    }
    assertThat(prober.nullPearson(shiftedA, shiftedB)).isCloseTo(shiftedSum / 5, within(1e-9));
  }

  @Test
  void normalizedMomentIsTheCovarianceOfUnitRows() {
    INDArray x = Nd4j.createFromArray(new double[][] {{3, 4}, {0, 2}});
    // unit rows: (0.6, 0.8), (0, 1); mean (0.3, 0.9); centred (0.3,-0.1), (-0.3, 0.1)
    INDArray m = Moments.secondMoment(x, Stat.NORMALIZED);
    assertThat(m.getDouble(0, 0)).isCloseTo(0.09, within(1e-12));
    assertThat(m.getDouble(0, 1)).isCloseTo(-0.03, within(1e-12));
    assertThat(m.getDouble(1, 1)).isCloseTo(0.01, within(1e-12));
    INDArray raw = Moments.secondMoment(x, Stat.RAW);
    assertThat(raw.getDouble(0, 0)).isCloseTo(4.5, within(1e-12));
    assertThat(raw.getDouble(0, 1)).isCloseTo(6.0, within(1e-12));
    assertThat(raw.getDouble(1, 1)).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void proberRecordsTheNormAndTraceOfEachMatrix() {
    INDArray hA = Nd4j.createFromArray(new double[][] {{3, 4}, {0, 2}});
    INDArray w = Nd4j.createFromArray(new double[][] {{1, 2}, {0, 1}, {1, 0}});
    INDArray hB = hA.mmul(w.transpose());
    LayerSample s = new LayerSample(1, "fc1", SiteKind.DENSE, hA, hB, hA.mul(2), hB.mul(-3), w);
    LayerProbe probe = new Prober(List.of(Stat.RAW), 0, 1e-6, 1).probe(s);
    assertThat(probe.moments()).hasSize(6);
    java.util.Map<Relation.Matrix, MatrixMoment> m = new java.util.EnumMap<>(Relation.Matrix.class);
    probe.moments().forEach(x -> m.put(x.matrix(), x));
    // tr(WᵀW) = tr(WWᵀ) = ||W||² = 7; WWᵀ = [[5,2,1],[2,1,0],[1,0,1]], ||WWᵀ||² = 37
    assertThat(m.get(Relation.Matrix.Z_A).trace()).isCloseTo(7, within(1e-12));
    assertThat(m.get(Relation.Matrix.Z_B).trace()).isCloseTo(7, within(1e-12));
    assertThat(m.get(Relation.Matrix.Z_B).norm()).isCloseTo(Math.sqrt(37), within(1e-12));
    // H_a = [[4.5, 6], [6, 10]] (see above); G_a = 4 H_a, G_b = 9 H_b
    assertThat(m.get(Relation.Matrix.H_A).trace()).isCloseTo(14.5, within(1e-12));
    assertThat(m.get(Relation.Matrix.H_A).norm()).isCloseTo(Math.sqrt(192.25), within(1e-12));
    assertThat(m.get(Relation.Matrix.G_A).norm()).isCloseTo(4 * Math.sqrt(192.25), within(1e-9));
    assertThat(m.get(Relation.Matrix.G_B).trace() / m.get(Relation.Matrix.H_B).trace()).isCloseTo(9, within(1e-12));
  }
}
