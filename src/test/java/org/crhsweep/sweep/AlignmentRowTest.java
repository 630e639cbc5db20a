package org.crhsweep.sweep;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.store.Table;
import org.junit.jupiter.api.Test;

/** The alignment row's components are the alignment table's own columns, by name and in order. */
class AlignmentRowTest {

  @Test
  void componentsAreTheAlignmentColumnsInOrder() {
    assertThat(RowColumns.components(AlignmentRow.class)).isEqualTo(RowColumns.own(Table.ALIGNMENT));
  }

  @Test
  void eachMeasurementLandsInItsNamedColumn() {
    AlignmentValue a = new AlignmentValue(Relation.B_GWA, Stat.NORMALIZED, 0.1, 0.2, 0.3, 0.4);
    LayerProbe layer = new LayerProbe(2, "fc2", SiteKind.DENSE, List.of(a), List.of());

    AlignmentRow row = AlignmentRow.of("p1", 50L, layer, a, Execution.dataParallel(4, 8));

    assertThat(RowColumns.stored(Table.ALIGNMENT, row.values())).isEqualTo(Map.ofEntries(entry("point_id", "p1"),
        entry("step", 50L), entry("layer", 2), entry("layer_name", "fc2"), entry("site_kind", "dense"),
        entry("relation", "b-GWA"), entry("stat", "normalized"), entry("alignment", 0.1), entry("cosine", 0.2),
        entry("null_alignment", 0.3), entry("null_cosine", 0.4), entry("execution_mode", "data_parallel"),
        entry("workers", 4), entry("averaging_frequency", 8)));
  }
}
