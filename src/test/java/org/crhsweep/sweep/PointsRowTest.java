package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.crhsweep.store.Column;
import org.crhsweep.store.Table;
import org.junit.jupiter.api.Test;

/** The points row's components are the points table's own columns, by name and in order. */
class PointsRowTest {

  @Test
  void componentsAreThePointsColumnsInOrder() {
    List<String> components = Arrays.stream(PointsRow.class.getRecordComponents())
        .map(RecordComponent::getName)
        .map(n -> n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase())
        .toList();
    List<Column> columns = Table.POINTS.columns();
    List<String> own = columns.subList(0, columns.size() - Table.PROVENANCE.size()).stream()
        .map(Column::name)
        .toList();
    assertThat(components).isEqualTo(own);
  }
}
