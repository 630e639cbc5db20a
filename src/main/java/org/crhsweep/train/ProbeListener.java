package org.crhsweep.train;

import java.util.List;
import org.crhsweep.probe.LayerProbe;

/** Receives every measurement of a run as it is taken. */
public interface ProbeListener {
  /** {@code layers} is empty when the measurement found the run already diverged. */
  void onProbe(TrainingStats stats, List<LayerProbe> layers);
}
