package org.crhsweep.sweep;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.crhsweep.spec.Execution;
import org.crhsweep.store.Table;
import org.crhsweep.train.TrainingStats;
import org.junit.jupiter.api.Test;

/** The training row's components are the training table's own columns, by name and in order. */
class TrainingRowTest {

  @Test
  void componentsAreTheTrainingColumnsInOrder() {
    assertThat(RowColumns.components(TrainingRow.class)).isEqualTo(RowColumns.own(Table.TRAINING));
  }

  @Test
  void eachScalarLandsInItsNamedColumn() {
    TrainingStats s = new TrainingStats(150L, 0.5, 0.6, 0.7, 3.0, 0.01, 0.2);

    TrainingRow row = TrainingRow.of("p1", s, Execution.dataParallel(2, 16));

    assertThat(RowColumns.stored(Table.TRAINING, row.values())).isEqualTo(Map.ofEntries(entry("point_id", "p1"),
        entry("step", 150L), entry("train_loss", 0.5), entry("probe_loss", 0.6), entry("accuracy", 0.7),
        entry("weight_norm", 3.0), entry("grad_norm", 0.01), entry("nc1", 0.2),
        entry("execution_mode", "data_parallel"), entry("workers", 2), entry("averaging_frequency", 16)));
  }
}
