package org.crhsweep.sweep;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crhsweep.probe.ExponentFit;
import org.crhsweep.probe.ExponentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.store.Table;
import org.junit.jupiter.api.Test;

/** The exponent row's components are the exponents table's own columns, by name and in order. */
class ExponentRowTest {

  @Test
  void componentsAreTheExponentsColumnsInOrder() {
    assertThat(RowColumns.components(ExponentRow.class)).isEqualTo(RowColumns.own(Table.EXPONENTS));
  }

  @Test
  void forwardAndReverseFitsLandInTheirNamedColumns() {
    ExponentValue e = new ExponentValue(Relation.B_RWA, Stat.RAW, new ExponentFit(1.1, 1.0, 1.2, 0.9, 7, 0.8, 1.15),
        new ExponentFit(0.91, 0.81, 1.01, 0.85, 6, 0.7, 0.95));
    LayerProbe layer = new LayerProbe(1, "attn.q", SiteKind.ATTENTION, List.of(), List.of(e));

    ExponentRow row = ExponentRow.of("p1", 200L, layer, e, Execution.TASK);

    assertThat(RowColumns.stored(Table.EXPONENTS, row.values())).isEqualTo(Map.ofEntries(entry("point_id", "p1"),
        entry("step", 200L), entry("layer", 1), entry("layer_name", "attn.q"), entry("site_kind", "attention"),
        entry("pair", "Z_b~H_b"), entry("relation", "b-RWA"), entry("stat", "raw"), entry("p", 1.1),
        entry("p_lo", 1.0), entry("p_hi", 1.2), entry("r2", 0.9), entry("n_eig", 7), entry("best_alpha", 0.8),
        entry("best_p", 1.15), entry("q", 0.91), entry("q_lo", 0.81), entry("q_hi", 1.01), entry("q_r2", 0.85),
        entry("q_n_eig", 6), entry("execution_mode", "task"), entry("workers", 1), entry("averaging_frequency", 1)));
  }
}
