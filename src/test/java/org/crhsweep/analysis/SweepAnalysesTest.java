package org.crhsweep.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crhsweep.analysis.Analyses.Claim;
import org.crhsweep.analysis.Analyses.ReplicateRow;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.junit.jupiter.api.Test;

/** Replicates, raw against normalized, depth profiles and the claims on constructed sweeps. */
class SweepAnalysesTest {

  static LayerPhase row(String id, double wd, long seed, int layer, String stat, String phase, String significant,
      double alignment) {
    return new LayerPhase(id, "mlp", 16, 0.1, wd, seed, layer, "fc" + layer, stat, phase, "111111", significant,
        "111111", RelationValues.constant(alignment), RelationValues.constant(0.3));
  }

  @Test
  void seedsAgreeingAndDisagreeingOnThePhaseAreCounted() {
    List<LayerPhase> rows = List.of(
        // wd 0.01, layer 1: three seeds, all CRH
        row("a0", 0.01, 0, 1, "raw", "CRH", "CRH", 0.9), row("a1", 0.01, 1, 1, "raw", "CRH", "unaligned", 0.92),
        row("a2", 0.01, 2, 1, "raw", "CRH", "CRH", 0.94),
        // wd 0, layer 1: two seeds that disagree
        row("b0", 0.0, 0, 1, "raw", "CRH", "unaligned", 0.81), row("b1", 0.0, 1, 1, "raw", "unaligned", "unaligned", 0.6),
        // a single seed: not a replicate cell
        row("c0", 0.1, 0, 1, "raw", "CRH", "CRH", 0.95));
    Analyses a = SweepAnalyses.compute(new SweepAnalyses.Inputs(rows, List.of(), List.of(), null, 0.9));
    assertThat(a.replicateCells()).hasSize(2);
    Analyses.ReplicateCell crh = a.replicateCells().stream().filter(c -> c.weightDecay() == 0.01).findFirst()
        .orElseThrow();
    assertThat(crh.seeds()).isEqualTo(3);
    assertThat(crh.mean().get(Relation.F_RWA)).isEqualTo(0.92, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(crh.sd().get(Relation.B_RGA)).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(crh.agree()).isTrue();
    assertThat(crh.agreeSignificant()).isFalse();
    ReplicateRow r = a.replicates().get(0);
    assertThat(r.cells()).isEqualTo(2);
    assertThat(r.maxSeeds()).isEqualTo(3);
    assertThat(r.agreePlain()).isEqualTo(1);
    assertThat(r.agreeSignificant()).isEqualTo(1);
  }

  @Test
  void rawAndNormalizedDisagreementsAreListedAndCrossTabulated() {
    List<LayerPhase> rows = List.of(row("p", 0.01, 0, 1, "raw", "unaligned", "unaligned", 0.5),
        row("p", 0.01, 0, 1, "normalized", "CRH", "CRH", 0.9), row("p", 0.01, 0, 2, "raw", "CRH", "CRH", 0.9),
        row("p", 0.01, 0, 2, "normalized", "CRH", "CRH", 0.95), row("q", 0.01, 0, 1, "raw", "CRH", "CRH", 0.9));
    Analyses a = SweepAnalyses.compute(new SweepAnalyses.Inputs(rows, List.of(), List.of(), null, 0.9));
    assertThat(a.statDisagreements()).singleElement().satisfies(d -> {
      assertThat(d.layer()).isEqualTo(1);
      assertThat(d.rawPhase()).isEqualTo("unaligned");
      assertThat(d.normalizedPhase()).isEqualTo("CRH");
    });
    assertThat(a.statCrossings()).contains(new Analyses.StatCrossing("plain", "CRH", "CRH", 1),
        new Analyses.StatCrossing("plain", "unaligned", "CRH", 1));
  }

  @Test
  void claimsReadLaterLayersWeightDecayAndAMissingNc1() {
    List<LayerPhase> rows = new ArrayList<>();
    int k = 0;
    for (double wd : new double[] {0, 0.001, 0.01}) {
      for (long seed = 0; seed < 2; seed++) {
        String id = "p" + k++;
        for (int layer = 1; layer <= 3; layer++) {
          double alignment = 0.3 + 0.1 * layer + 10 * wd + 0.01 * seed;
          boolean crh = wd > 0 && layer == 3;
          rows.add(row(id, wd, seed, layer, "raw", crh ? "CRH" : "unaligned", crh ? "CRH" : "unaligned", alignment));
        }
      }
    }
    List<Claim> claims = PaperClaims.check(rows, List.of(), null, 0.9);
    assertThat(claims).hasSize(5);
    assertThat(claims.get(0).verdict()).isEqualTo(PaperClaims.YES);
    assertThat(claims.get(0).evidence()).contains("L1 0.44", "L3 0.64", "change per layer within a point 0.100");
    assertThat(claims.get(1).verdict()).isEqualTo(PaperClaims.YES);
    assertThat(claims.get(2).verdict()).isEqualTo(PaperClaims.YES);
    assertThat(claims.get(2).evidence()).startsWith("CRH layers (significant reading) at wd = 0: 0 of 6; at wd > 0: 4 of 12");
    assertThat(claims.get(3).verdict()).isEqualTo(PaperClaims.NOT_TESTED);
    assertThat(claims.get(4).verdict()).isEqualTo(PaperClaims.NOT_TESTED);
    assertThat(claims.get(4).evidence()).contains("no nc1 column");

    // With NC1 recorded, falling as the penultimate layer (fc2) aligns more: collapse goes with alignment.
    Map<String, Double> nc1 = new java.util.TreeMap<>();
    for (int i = 0; i < k; i++) {
      nc1.put("p" + i, 1.0 / (1 + i));
    }
    Claim collapse = PaperClaims.check(rows, List.of(), nc1, 0.9).get(4);
    assertThat(collapse.verdict()).isEqualTo(PaperClaims.YES);
    assertThat(collapse.evidence()).contains("over 6 points: -0.986");
  }

  @Test
  void exponentsClaimCountsGoodFitsInsideTheBand() {
    List<ExponentDistribution.FinalExponent> fits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fits.add(new ExponentDistribution.FinalExponent("p", 1, "raw", "Z_b~H_b", i < 9 ? 1.0 + 0.1 * i : 5, 0.95));
    }
    fits.add(new ExponentDistribution.FinalExponent("p", 1, "raw", "Z_b~G_b", 7, 0.2)); // poor fit: ignored
    Claim c = PaperClaims.exponentsInside("raw", fits, 0.9);
    assertThat(c.verdict()).isEqualTo(PaperClaims.YES);
    assertThat(c.evidence()).startsWith("9 of 10 final fits");
    List<LayerPhase> phases = List.of(row("p", 0.01, 0, 1, "raw", "PAH", "PAH", 0.5));
    Analyses.ExponentBand band = ExponentDistribution.run(phases, fits, 0.9).get(0);
    assertThat(band.phase()).isEqualTo("PAH");
    assertThat(band.fits()).isEqualTo(10);
    assertThat(band.inside()).isEqualTo(9);
    assertThat(band.median()).isEqualTo(1.45, org.assertj.core.data.Offset.offset(1e-12));
  }

  static LayerPhase row(String id, int layer, double alignment, double chance) {
    return new LayerPhase(id, "mlp", 16, 0.1, 0.01, 0, layer, "fc" + layer, "raw", "unaligned", "000000", "unaligned",
        "000000", RelationValues.constant(alignment), RelationValues.constant(chance));
  }

  @Test
  void laterLayersDoesNotRestOnAnOutputLayerThatCorrelatesByAccident() {
    // The case: alpha rises to the 4-wide output layer, but so does its chance level; above chance, fc4 falls back.
    double[] alpha = {0.50, 0.60, 0.70, 0.86};
    double[] chance = {0.20, 0.18, 0.20, 0.66};
    List<LayerPhase> rows = new ArrayList<>();
    for (int point = 0; point < 4; point++) {
      for (int layer = 1; layer <= 4; layer++) {
        double wobble = 0.01 * ((point + layer) % 3 - 1);
        rows.add(row("p" + point, layer, alpha[layer - 1] + wobble, chance[layer - 1]));
      }
    }
    Claim c = PaperClaims.laterLayers("raw", rows);
    assertThat(c.alpha()).startsWith("L1 0.50, L2 0.60, L3 0.70, L4 0.86; per layer +0.1");
    assertThat(c.aboveChance()).startsWith("L1 +0.30, L2 +0.42, L3 +0.50, L4 +0.20; per layer -0.0");
    assertThat(c.verdict()).isEqualTo(PaperClaims.UNCLEAR);
    assertThat(c.evidence()).contains("verdict on \u03b1 \u2212 chance, since chance differs between layers by 0.48",
        "on \u03b1 alone it would be yes");
  }

  @Test
  void equalChanceLeavesTheVerdictOnAlphaAndShowsBoth() {
    List<LayerPhase> rows = new ArrayList<>();
    for (int point = 0; point < 3; point++) {
      for (int layer = 1; layer <= 3; layer++) {
        rows.add(row("p" + point, layer, 0.4 + 0.1 * layer + 0.01 * point * layer, 0.3));
      }
    }
    Claim c = PaperClaims.laterLayers("raw", rows);
    assertThat(c.verdict()).isEqualTo(PaperClaims.YES);
    assertThat(c.aboveChance()).contains("L1 +0.21");
    assertThat(c.evidence()).contains("chance is about equal across layers (spread 0.00)", "agrees");
  }

  @Test
  void neuralCollapseOnARegressionSweepSaysNc1NeedsClasses() {
    List<LayerPhase> rows = List.of(row("p", 1, 0.5, 0.2), row("p", 2, 0.6, 0.2));
    Claim c = PaperClaims.neuralCollapse("raw", rows, Map.of("p", Double.NaN));
    assertThat(c.verdict()).isEqualTo(PaperClaims.NOT_TESTED);
    assertThat(c.evidence()).contains("needs classes", "regression");
    assertThat(c.alpha()).isEqualTo(PaperClaims.NONE);
  }
}
