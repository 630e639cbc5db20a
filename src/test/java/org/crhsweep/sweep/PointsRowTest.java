package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.crhsweep.store.Table;
import org.junit.jupiter.api.Test;

/** The points row's components are the points table's own columns, by name and in order. */
class PointsRowTest {

  @Test
  void componentsAreThePointsColumnsInOrder() {
    assertThat(RowColumns.components(PointsRow.class)).isEqualTo(RowColumns.own(Table.POINTS));
  }
}
