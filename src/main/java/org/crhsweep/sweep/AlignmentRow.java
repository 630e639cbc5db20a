package org.crhsweep.sweep;

import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.spec.ExecutionMode;
import org.crhsweep.store.Table;

/**
 * One row of the {@link Table#ALIGNMENT} table, by name: its components are the table's own columns in
 * order (camelCase for snake_case), so two numbers cannot trade places unnoticed. Provenance is appended
 * by {@link org.crhsweep.store.TableRows}.
 */
record AlignmentRow(String pointId, long step, int layer, String layerName, SiteKind siteKind, Relation relation,
    Stat stat, double alignment, double cosine, double nullAlignment, double nullCosine,
    ExecutionMode executionMode, int workers, int averagingFrequency) {

  /** The row of one relation of {@code layer} measured at {@code step}. */
  static AlignmentRow of(String pointId, long step, LayerProbe layer, AlignmentValue a, Execution execution) {
    return new AlignmentRow(pointId, step, layer.layer(), layer.name(), layer.kind(), a.relation(), a.stat(),
        a.alignment(), a.cosine(), a.nullAlignment(), a.nullCosine(), execution.mode(), execution.workers(),
        execution.averagingFrequency());
  }

  /** The values in {@link Table#ALIGNMENT} column order, as {@link org.crhsweep.store.TableRows#add} takes them. */
  Object[] values() {
    return new Object[] {pointId, step, layer, layerName, siteKind.label(), relation.label(), stat.label(),
        alignment, cosine, nullAlignment, nullCosine, executionMode.label(), workers, averagingFrequency};
  }
}
