package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.PointSummary;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.junit.jupiter.api.Test;

class PhaseCellTest {

  private static LayerPhase seed(long seed, String phase, String signature, String significant, double a) {
    return new LayerPhase("p" + seed, "mlp", 16, 0.01, 0.001, seed, 1, "fc1", "raw", phase, signature, significant,
        significant == null ? null : signature, RelationValues.of(r -> r == Relation.B_RGA ? Double.NaN : a), null);
  }

  @Test
  void takesMajorityPhaseItsCommonestSignatureAndMeanAlignment() {
    List<LayerPhase> seeds = List.of(
        seed(1, "CRH", "111111", "CRH", 0.9),
        seed(2, "CRH", "111111", "unaligned", 0.8),
        seed(3, "unaligned", "100000", "unaligned", 0.1));

    PhaseCell plain = PhaseCell.merge(seeds, false);

    assertThat(plain.phase()).isEqualTo("CRH");
    assertThat(plain.signature()).isEqualTo("111111");
    assertThat(plain.seeds()).isEqualTo(3);
    assertThat(plain.meanAlignment()).isCloseTo(0.6, within(1e-12));
    assertThat(PhaseCell.merge(seeds, true).phase()).isEqualTo("unaligned");
  }

  @Test
  void breaksTiesTowardsLessAlignment() {
    List<LayerPhase> seeds = List.of(seed(1, "CRH", "111111", null, 0.9), seed(2, "PAH", "110111", null, 0.7));

    assertThat(PhaseCell.merge(seeds, false).phase()).isEqualTo("PAH");
    assertThat(PhaseCell.merge(seeds, true)).isNull();
  }

  @Test
  void meanIgnoresMissingValues() {
    List<LayerPhase> seeds = List.of(seed(1, "CRH", "111111", "CRH", 0.5));

    assertThat(PhaseCell.meanAlignment(seeds, Relation.F_RWA)).isEqualTo(0.5);
    assertThat(PhaseCell.meanAlignment(seeds, Relation.B_RGA)).isNaN();
  }

  @Test
  void rejectsBadRowsNamingFieldValueAndRule() {
    assertThatThrownBy(() -> seed(1, "crh", "111111", null, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid phase for point p1: 'crh' (allowed: CRH, PAH, unaligned, diverged)");
    assertThatThrownBy(() -> seed(1, "CRH", "1111", null, 0.9))
        .hasMessage("Invalid signature for point p1: '1111' (must be 6 characters of 0/1)");
    assertThatThrownBy(() -> new Curve("p", "l", 1, "fc1", "raw", "x-RWA", new long[] {1}, new double[] {0.1}))
        .hasMessage("Unknown relation 'x-RWA'");
    assertThatThrownBy(() -> new PointSummary("p", "mlp", 1, 0.1, 0, 0, "ok", 0, 0, 0, null))
        .hasMessage("Invalid status for point p: 'ok' (allowed: done, diverged, failed)");
  }
}
