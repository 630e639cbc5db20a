package org.crhsweep.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.MatrixMoment;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.spec.ExecutionMode;
import org.crhsweep.store.Table;

/**
 * One row of the {@link Table#MOMENTS} table, by name: its components are the table's own columns in order
 * (camelCase for snake_case), except {@code sizes}, which stands for the norm and trace columns of every
 * {@link Relation.Matrix} in enum order ({@code h_a_norm}, {@code h_a_trace}, ...). Provenance is appended by
 * {@link org.crhsweep.store.TableRows}.
 */
record MomentsRow(String pointId, long step, int layer, String layerName, Stat stat, Sizes sizes,
    ExecutionMode executionMode, int workers, int averagingFrequency) {

  /** The norm and trace of each of a layer's matrices under one statistic: every matrix, keyed by it. */
  record Sizes(Map<Relation.Matrix, MatrixMoment> byMatrix) {

    Sizes {
      Map<Relation.Matrix, MatrixMoment> copy = new EnumMap<>(Relation.Matrix.class);
      copy.putAll(byMatrix);
      Set<Relation.Matrix> missing = EnumSet.allOf(Relation.Matrix.class);
      missing.removeAll(copy.keySet());
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("moments row: no size for " + missing + ", got " + copy.keySet()
            + " (every matrix has a norm and a trace column)");
      }
      byMatrix = Collections.unmodifiableMap(copy);
    }

    MatrixMoment get(Relation.Matrix m) {
      return byMatrix.get(m);
    }
  }

  /** One row per statistic measured on {@code layer} at {@code step}, in {@link Stat} order; none without moments. */
  static List<MomentsRow> of(String pointId, long step, LayerProbe layer, Execution execution) {
    Map<Stat, Map<Relation.Matrix, MatrixMoment>> byStat = new EnumMap<>(Stat.class);
    for (MatrixMoment m : layer.moments()) {
      byStat.computeIfAbsent(m.stat(), st -> new EnumMap<>(Relation.Matrix.class)).put(m.matrix(), m);
    }
    List<MomentsRow> rows = new ArrayList<>(byStat.size());
    byStat.forEach((stat, sizes) -> rows.add(new MomentsRow(pointId, step, layer.layer(), layer.name(), stat,
        new Sizes(sizes), execution.mode(), execution.workers(), execution.averagingFrequency())));
    return rows;
  }

  /** The values in {@link Table#MOMENTS} column order, as {@link org.crhsweep.store.TableRows#add} takes them. */
  Object[] values() {
    List<Object> v = new ArrayList<>(List.of(pointId, step, layer, layerName, stat.label()));
    for (Relation.Matrix m : Relation.Matrix.values()) {
      v.add(sizes.get(m).norm());
      v.add(sizes.get(m).trace());
    }
    v.addAll(List.of(executionMode.label(), workers, averagingFrequency));
    return v.toArray();
  }
}
