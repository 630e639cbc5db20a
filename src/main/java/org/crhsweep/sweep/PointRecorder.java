package org.crhsweep.sweep;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.ExponentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.spec.Execution;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.train.ProbeListener;
import org.crhsweep.train.TrainingStats;

/** Turns a run's measurements into rows of the alignment, exponents, training and moments tables. */
final class PointRecorder implements ProbeListener {

  private final String pointId;
  private final Execution execution;
  private final Map<Table, TableRows> rows = new EnumMap<>(Table.class);
  private TrainingStats last;

  PointRecorder(String pointId, Execution execution, Provenance provenance) {
    this.pointId = pointId;
    this.execution = execution;
    for (Table t : Table.perPoint()) {
      rows.put(t, new TableRows(t, provenance));
    }
  }

  @Override
  public void onProbe(TrainingStats s, List<LayerProbe> layers) {
    last = s;
    rows.get(Table.TRAINING).add(TrainingRow.of(pointId, s, execution).values());
    for (LayerProbe layer : layers) {
      for (AlignmentValue a : layer.alignments()) {
        rows.get(Table.ALIGNMENT).add(AlignmentRow.of(pointId, s.step(), layer, a, execution).values());
      }
      for (ExponentValue e : layer.exponents()) {
        rows.get(Table.EXPONENTS).add(ExponentRow.of(pointId, s.step(), layer, e, execution).values());
      }
      for (MomentsRow m : MomentsRow.of(pointId, s.step(), layer, execution)) {
        rows.get(Table.MOMENTS).add(m.values());
      }
    }
  }

  TrainingStats last() {
    return last;
  }

  Map<Table, TableRows> rows() {
    return rows;
  }
}
