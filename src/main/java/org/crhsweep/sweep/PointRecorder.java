package org.crhsweep.sweep;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.ExponentFit;
import org.crhsweep.probe.ExponentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.train.ProbeListener;
import org.crhsweep.train.TrainingStats;

/** Turns a run's measurements into rows of the alignment, exponents and training tables. */
final class PointRecorder implements ProbeListener {

  private final String pointId;
  private final Map<Table, TableRows> rows = new EnumMap<>(Table.class);
  private TrainingStats last;

  PointRecorder(String pointId, Provenance provenance) {
    this.pointId = pointId;
    for (Table t : Table.perPoint()) {
      rows.put(t, new TableRows(t, provenance));
    }
  }

  @Override
  public void onProbe(TrainingStats s, List<LayerProbe> layers) {
    last = s;
    rows.get(Table.TRAINING).add(pointId, s.step(), s.trainLoss(), s.probeLoss(), s.accuracy(), s.weightNorm(),
        s.gradNorm(), s.nc1());
    for (LayerProbe layer : layers) {
      for (AlignmentValue a : layer.alignments()) {
        rows.get(Table.ALIGNMENT).add(pointId, s.step(), layer.layer(), layer.name(), layer.kind().label(),
            a.relation().label(),
            a.stat().label(), a.alignment(), a.cosine(), a.nullAlignment(), a.nullCosine());
      }
      for (ExponentValue e : layer.exponents()) {
        ExponentFit f = e.fit();
        rows.get(Table.EXPONENTS).add(pointId, s.step(), layer.layer(), layer.name(),
            layer.kind().label(), e.pair(),
            e.relation().label(), e.stat().label(), f.p(), f.pLo(), f.pHi(), f.r2(), f.n(), f.bestAlpha(),
            f.bestP());
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
