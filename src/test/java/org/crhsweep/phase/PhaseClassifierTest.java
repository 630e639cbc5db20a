package org.crhsweep.phase;

import static org.assertj.core.api.Assertions.assertThat;

import org.crhsweep.probe.RelationValues;
import org.crhsweep.spec.PhaseSpec;
import org.junit.jupiter.api.Test;

class PhaseClassifierTest {

  private static final double N = Double.NaN;
  private final PhaseClassifier c = new PhaseClassifier(PhaseSpec.defaults());

  /** A layer whose reverse fits are the exact reciprocals of the forward ones, as good (a true power law). */
  private static FinalValues layer(double[] alpha, double[] nul, double[] p, double[] r2) {
    return new FinalValues(values(alpha), values(nul), values(p), values(r2), values(p).map(x -> 1 / x), values(r2));
  }

  /** Values written in relation order f-RWA f-GWA f-RGA b-RWA b-GWA b-RGA, for the tables below. */
  private static RelationValues values(double[] inRelationOrder) {
    return RelationValues.of(r -> inRelationOrder[r.ordinal()]);
  }

  @Test
  void allSixAboveThresholdIsCrhUnderBothReadingsWhenFarAboveChance() {
    PhaseClassifier.Result r = c.classify(layer(new double[] {0.9, 0.85, 0.95, 0.8, 0.99, 0.81},
        new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3}, new double[6], new double[6]));
    assertThat(r).isEqualTo(new PhaseClassifier.Result("CRH", "111111", "CRH", "111111", "CRH", "CRH"));
  }

  @Test
  void aHighChanceLevelMakesTheSignificantReadingDiffer() {
    // b-GWA at 0.85 with a null of 0.8: plain holds, significant does not (margin 0.1).
    PhaseClassifier.Result r = c.classify(layer(new double[] {0.9, 0.9, 0.9, 0.9, 0.85, 0.9},
        new double[] {0.3, 0.3, 0.3, 0.3, 0.8, 0.3}, new double[] {1, 1, 1, 1, 1, 1}, new double[] {1, 1, 1, 1, 0.5, 1}));
    assertThat(r.phase()).isEqualTo("CRH");
    assertThat(r.signature()).isEqualTo("111111");
    assertThat(r.signatureSignificant()).isEqualTo("111101");
    assertThat(r.phaseSignificant()).isEqualTo("unaligned");
  }

  @Test
  void brokenRelationsWithGoodPowerLawsArePah() {
    // f-RWA and b-GWA hold; the other four fail but follow power laws far from 1 with R² >= 0.9.
    double[] alpha = {0.9, 0.5, 0.4, 0.3, 0.95, 0.6};
    double[] p = {1.0, 2.0, 0.5, 2.0, 1.0, 0.5};
    double[] r2 = {0.5, 0.95, 0.92, 0.99, 0.1, 0.9};
    PhaseClassifier.Result r = c.classify(layer(alpha, new double[] {N, N, N, N, N, N}, p, r2));
    assertThat(r.phase()).isEqualTo("PAH");
    assertThat(r.signature()).isEqualTo("100010");
    // No null measured: the significant reading equals the plain one.
    assertThat(r.phaseSignificant()).isEqualTo("PAH");
  }

  @Test
  void aFailingRelationWithoutAPowerLawIsUnaligned() {
    double[] alpha = {0.9, 0.5, 0.4, 0.3, 0.95, 0.6};
    // b-RWA's exponent is within 0.15 of 1: proportional-ish yet not aligned, so no PAH.
    double[] p = {1.0, 2.0, 0.5, 1.1, 1.0, 0.5};
    double[] r2 = {0.5, 0.95, 0.92, 0.99, 0.1, 0.9};
    assertThat(c.classify(layer(alpha, new double[6], p, r2)).phase()).isEqualTo("unaligned");
    // ... and one with a poor fit (R² 0.8) is unaligned too.
    double[] p2 = {1.0, 2.0, 0.5, 2.0, 1.0, 0.5};
    double[] r2b = {0.5, 0.95, 0.92, 0.8, 0.1, 0.9};
    assertThat(c.classify(layer(alpha, new double[6], p2, r2b)).phase()).isEqualTo("unaligned");
  }

  @Test
  void missingValuesNeverHold() {
    PhaseClassifier.Result r = c.classify(layer(new double[] {N, 0.9, 0.9, 0.9, 0.9, 0.9}, new double[6],
        new double[] {N, 1, 1, 1, 1, 1}, new double[] {N, 1, 1, 1, 1, 1}));
    assertThat(r.signature()).isEqualTo("011111");
    assertThat(r.phase()).isEqualTo("unaligned");
  }

  @Test
  void aCrhLayerHasNoPahFitToReport() {
    FinalValues crh = layer(new double[] {0.9, 0.9, 0.9, 0.9, 0.9, 0.9}, new double[6], new double[] {N, N, N, N, N, N},
        new double[] {N, N, N, N, N, N});
    assertThat(c.pahFit(crh, PhaseClassifier.PahTest.TWO_WAY)).isNull();
    assertThat(c.pahFit(crh, PhaseClassifier.PahTest.ONE_WAY)).isNull();
  }

  @Test
  void aForwardFitWhoseReverseFailsIsPahOneWayOnly() {
    // Only b-RWA fails. Forward: p = 2 with R² 0.95 (passes). Reverse: R² 0.5 (fails).
    double[] alpha = {0.9, 0.9, 0.9, 0.3, 0.9, 0.9};
    double[] p = {N, N, N, 2.0, N, N};
    double[] r2 = {N, N, N, 0.95, N, N};
    FinalValues poorReverse = new FinalValues(values(alpha), values(new double[6]), values(p), values(r2),
        values(new double[] {N, N, N, 0.5, N, N}), values(new double[] {N, N, N, 0.5, N, N}));
    PhaseClassifier.Result r = c.classify(poorReverse);
    assertThat(r.phaseOneWay()).isEqualTo("PAH");
    assertThat(r.phase()).isEqualTo("unaligned");
    assertThat(c.pahFit(poorReverse, PhaseClassifier.PahTest.ONE_WAY)).isTrue();
    assertThat(c.pahFit(poorReverse, PhaseClassifier.PahTest.TWO_WAY)).isFalse();

    // A good reverse fit whose exponent is not the reciprocal: p·q = 2 x 0.3 = 0.6, off by 0.4 > 0.2.
    FinalValues disagreeing = new FinalValues(values(alpha), values(new double[6]), values(p), values(r2),
        values(new double[] {N, N, N, 0.3, N, N}), values(new double[] {N, N, N, 0.99, N, N}));
    assertThat(c.classify(disagreeing).phase()).isEqualTo("unaligned");
    assertThat(c.classify(disagreeing).phaseOneWay()).isEqualTo("PAH");
    // Within the tolerance (p·q = 2 x 0.45 = 0.9): PAH both ways.
    FinalValues agreeing = new FinalValues(values(alpha), values(new double[6]), values(p), values(r2),
        values(new double[] {N, N, N, 0.45, N, N}), values(new double[] {N, N, N, 0.91, N, N}));
    assertThat(c.classify(agreeing).phase()).isEqualTo("PAH");
  }

  @Test
  void aStoreWithoutReverseFitsHasNoTwoWayPah() {
    // Rows written before the reverse fit existed read q as missing: only the one-way column can say PAH.
    double[] alpha = {0.9, 0.5, 0.4, 0.3, 0.95, 0.6};
    double[] p = {1.0, 2.0, 0.5, 2.0, 1.0, 0.5};
    double[] r2 = {0.5, 0.95, 0.92, 0.99, 0.1, 0.9};
    FinalValues old = new FinalValues(values(alpha), values(new double[6]), values(p), values(r2),
        RelationValues.missing(), RelationValues.missing());
    assertThat(c.classify(old).phase()).isEqualTo("unaligned");
    assertThat(c.classify(old).phaseOneWay()).isEqualTo("PAH");
  }
}
