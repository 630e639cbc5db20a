package org.crhsweep.sweep;

import org.crhsweep.spec.Execution;
import org.crhsweep.spec.ExecutionMode;
import org.crhsweep.store.Table;
import org.crhsweep.train.TrainingStats;

/**
 * One row of the {@link Table#TRAINING} table, by name: its components are the table's own columns in
 * order (camelCase for snake_case), so two numbers cannot trade places unnoticed. Provenance is appended
 * by {@link org.crhsweep.store.TableRows}.
 */
record TrainingRow(String pointId, long step, double trainLoss, double probeLoss, double accuracy,
    double weightNorm, double gradNorm, double nc1, ExecutionMode executionMode, int workers,
    int averagingFrequency) {

  /** The row of one measurement's scalars. */
  static TrainingRow of(String pointId, TrainingStats s, Execution execution) {
    return new TrainingRow(pointId, s.step(), s.trainLoss(), s.probeLoss(), s.accuracy(), s.weightNorm(),
        s.gradNorm(), s.nc1(), execution.mode(), execution.workers(), execution.averagingFrequency());
  }

  /** The values in {@link Table#TRAINING} column order, as {@link org.crhsweep.store.TableRows#add} takes them. */
  Object[] values() {
    return new Object[] {pointId, step, trainLoss, probeLoss, accuracy, weightNorm, gradNorm, nc1,
        executionMode.label(), workers, averagingFrequency};
  }
}
