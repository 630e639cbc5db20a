package org.crhsweep.sweep;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.ExponentFit;
import org.crhsweep.probe.ExponentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.MatrixMoment;
import org.crhsweep.probe.Stat;
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
    rows.get(Table.TRAINING).add(pointId, s.step(), s.trainLoss(), s.probeLoss(), s.accuracy(), s.weightNorm(),
        s.gradNorm(), s.nc1(), mode(), execution.workers(), execution.averagingFrequency());
    for (LayerProbe layer : layers) {
      for (AlignmentValue a : layer.alignments()) {
        rows.get(Table.ALIGNMENT).add(pointId, s.step(), layer.layer(), layer.name(), layer.kind().label(),
            a.relation().label(),
            a.stat().label(), a.alignment(), a.cosine(), a.nullAlignment(), a.nullCosine(), mode(),
            execution.workers(), execution.averagingFrequency());
      }
      for (ExponentValue e : layer.exponents()) {
        ExponentFit f = e.fit();
        ExponentFit q = e.reverse();
        rows.get(Table.EXPONENTS).add(pointId, s.step(), layer.layer(), layer.name(),
            layer.kind().label(), e.pair(),
            e.relation().label(), e.stat().label(), f.p(), f.pLo(), f.pHi(), f.r2(), f.n(), f.bestAlpha(),
            f.bestP(), q.p(), q.pLo(), q.pHi(), q.r2(), q.n(), mode(), execution.workers(),
            execution.averagingFrequency());
      }
      momentRows(s.step(), layer);
    }
  }

  /** One moments row per stat: norm and trace of each matrix, in {@link Table#MATRICES} order. */
  private void momentRows(long step, LayerProbe layer) {
    Map<Stat, Object[]> byStat = new EnumMap<>(Stat.class);
    for (MatrixMoment m : layer.moments()) {
      Object[] row = byStat.computeIfAbsent(m.stat(), st -> {
        int n = 5 + 2 * Table.MATRICES.size();
        Object[] r = new Object[n + 3];
        r[n] = mode();
        r[n + 1] = execution.workers();
        r[n + 2] = execution.averagingFrequency();
        r[0] = pointId;
        r[1] = step;
        r[2] = layer.layer();
        r[3] = layer.name();
        r[4] = st.label();
        return r;
      });
      int k = 5 + 2 * m.matrix().ordinal();
      row[k] = m.norm();
      row[k + 1] = m.trace();
    }
    byStat.values().forEach(r -> rows.get(Table.MOMENTS).add(r));
  }

  private String mode() {
    return execution.mode().label();
  }

  TrainingStats last() {
    return last;
  }

  Map<Table, TableRows> rows() {
    return rows;
  }
}
