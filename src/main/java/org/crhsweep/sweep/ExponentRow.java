package org.crhsweep.sweep;

import org.crhsweep.probe.ExponentFit;
import org.crhsweep.probe.ExponentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.spec.ExecutionMode;
import org.crhsweep.store.Table;

/**
 * One row of the {@link Table#EXPONENTS} table, by name: its components are the table's own columns in
 * order (camelCase for snake_case), the forward fit A ∝ B^p ({@code p...}, {@code r2}, {@code nEig},
 * {@code best...}) before the reverse B ∝ A^q ({@code q...}). Provenance is appended by
 * {@link org.crhsweep.store.TableRows}.
 */
record ExponentRow(String pointId, long step, int layer, String layerName, SiteKind siteKind, String pair,
    Relation relation, Stat stat, double p, double pLo, double pHi, double r2, int nEig, double bestAlpha,
    double bestP, double q, double qLo, double qHi, double qR2, int qNEig, ExecutionMode executionMode,
    int workers, int averagingFrequency) {

  /** The row of one relation's fits, both ways, of {@code layer} measured at {@code step}. */
  static ExponentRow of(String pointId, long step, LayerProbe layer, ExponentValue e, Execution execution) {
    ExponentFit f = e.fit();
    ExponentFit r = e.reverse();
    return new ExponentRow(pointId, step, layer.layer(), layer.name(), layer.kind(), e.pair(), e.relation(),
        e.stat(), f.p(), f.pLo(), f.pHi(), f.r2(), f.n(), f.bestAlpha(), f.bestP(), r.p(), r.pLo(), r.pHi(),
        r.r2(), r.n(), execution.mode(), execution.workers(), execution.averagingFrequency());
  }

  /** The values in {@link Table#EXPONENTS} column order, as {@link org.crhsweep.store.TableRows#add} takes them. */
  Object[] values() {
    return new Object[] {pointId, step, layer, layerName, siteKind.label(), pair, relation.label(), stat.label(),
        p, pLo, pHi, r2, nEig, bestAlpha, bestP, q, qLo, qHi, qR2, qNEig, executionMode.label(), workers,
        averagingFrequency};
  }
}
