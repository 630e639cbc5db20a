package org.crhsweep.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.crhsweep.probe.ExponentFit;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.crhsweep.linalg.SymmetricEigen;
import org.crhsweep.spec.PhaseSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two-way PAH test on matrices, not on hand-set values: exact powers A = B^p pass it whichever
 * matrix supplies the basis (q = 1/p), and a pair that is a power law only in B's basis does not.
 */
class ExactPowerLawTest {

  private static final double CUTOFF = 1e-6;
  private final PhaseClassifier classifier = new PhaseClassifier(PhaseSpec.defaults());

  /** B = V diag(μ) Vᵀ, V a random orthogonal matrix, μ spread over two decades. */
  private static INDArray spd(int d, long seed, double[] mu) {
    INDArray v = SymmetricEigen.randomOrthogonal(d, seed);
    return v.mulRowVector(Nd4j.createFromArray(mu)).mmul(v.transpose());
  }

  private static double[] spectrum(int d, long seed) {
    Random rng = new Random(seed);
    double[] mu = new double[d];
    for (int i = 0; i < d; i++) {
      mu[i] = Math.pow(10, -2 + 2.0 * rng.nextDouble());
    }
    return mu;
  }

  /** Only b-RWA fails its alignment, so the PAH verdict is that one pair's two fits. */
  private static FinalValues brokenBRwa(ExponentFit forward, ExponentFit reverse) {
    RelationValues alpha = RelationValues.of(r -> r == Relation.B_RWA ? 0.3 : 0.95);
    return new FinalValues(alpha, RelationValues.constant(0.0), only(forward.p()), only(forward.r2()),
        only(reverse.p()), only(reverse.r2()));
  }

  private static RelationValues only(double v) {
    return RelationValues.of(r -> r == Relation.B_RWA ? v : Double.NaN);
  }

  @Test
  void exactPowersPassBothWaysWithReciprocalExponents() {
    int d = 24;
    for (double p : new double[] {1.0 / 3, 0.5, 1.7, 2.0, 2.5, 3.0}) {
      long seed = Math.round(p * 1000);
      double[] mu = spectrum(d, seed);
      double[] muP = new double[d];
      for (int i = 0; i < d; i++) {
        muP[i] = 3.0 * Math.pow(mu[i], p);
      }
      // A = 3·B^p built from B's random eigenbasis (not from a decomposition of B): the fits must find it.
      INDArray b = spd(d, seed + 1, mu);
      INDArray a = spd(d, seed + 1, muP);
      ExponentFit forward = ExponentFit.fit(a, b, CUTOFF);
      ExponentFit reverse = ExponentFit.fit(b, a, CUTOFF);
      assertThat(forward.p()).as("p for p=%s", p).isCloseTo(p, within(1e-8));
      assertThat(reverse.p()).as("q for p=%s", p).isCloseTo(1 / p, within(1e-8));
      assertThat(forward.p() * reverse.p()).isCloseTo(1.0, within(1e-8));
      assertThat(forward.r2()).isCloseTo(1.0, within(1e-8));
      assertThat(reverse.r2()).isCloseTo(1.0, within(1e-8));
      assertThat(forward.n()).isEqualTo(d);
      assertThat(reverse.n()).isEqualTo(d);
      PhaseClassifier.Result r = classifier.classify(brokenBRwa(forward, reverse));
      assertThat(r.phase()).as("two-way phase for p=%s", p).isEqualTo("PAH");
      assertThat(r.phaseOneWay()).isEqualTo("PAH");
    }
  }

  @Test
  void aPowerLawOnlyInBsBasisIsRefusedByTheTwoWayTest() {
    int d = 24;
    double p = 2.0;
    double[] mu = spectrum(d, 5);
    INDArray v = SymmetricEigen.randomOrthogonal(d, 6);
    INDArray b = v.mulRowVector(Nd4j.createFromArray(mu)).mmul(v.transpose());
    // In B's basis A's diagonal is exactly μ^2 (so the forward fit is perfect), but A also has off-diagonal
    // entries there, which turn its own eigenbasis away from B's: the reverse fit sees no clean law.
    Random rng = new Random(7);
    double[][] inB = new double[d][d];
    for (int i = 0; i < d; i++) {
      inB[i][i] = Math.pow(mu[i], p);
      for (int j = 0; j < i; j++) {
        double e = 0.5 * rng.nextGaussian();
        inB[i][j] = e;
        inB[j][i] = e;
      }
    }
    INDArray a = v.mmul(Nd4j.createFromArray(inB)).mmul(v.transpose());
    ExponentFit forward = ExponentFit.fit(a, b, CUTOFF);
    ExponentFit reverse = ExponentFit.fit(b, a, CUTOFF);
    assertThat(forward.p()).isCloseTo(p, within(1e-8));
    assertThat(forward.r2()).isCloseTo(1.0, within(1e-8));
    PhaseSpec spec = PhaseSpec.defaults();
    assertThat(reverse.r2() < spec.minR2() || Math.abs(forward.p() * reverse.p() - 1) > spec.reciprocalTolerance())
        .as("reverse q=%s R²=%s fails", reverse.p(), reverse.r2()).isTrue();

    PhaseClassifier.Result r = classifier.classify(brokenBRwa(forward, reverse));
    assertThat(r.phaseOneWay()).isEqualTo("PAH");
    assertThat(r.phase()).isEqualTo("unaligned");
  }
}
