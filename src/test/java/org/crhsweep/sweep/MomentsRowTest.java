package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.MatrixMoment;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Execution;
import org.crhsweep.store.Table;
import org.junit.jupiter.api.Test;

/**
 * The moments row's components are the moments table's own columns, by name and in order, its {@code sizes}
 * standing for a norm and a trace column per {@link Relation.Matrix} in enum order.
 */
class MomentsRowTest {

  @Test
  void componentsAreTheMomentsColumnsInOrder() {
    List<String> columns = new ArrayList<>();
    for (String c : RowColumns.components(MomentsRow.class)) {
      if (c.equals("sizes")) {
        for (Relation.Matrix m : Relation.Matrix.values()) {
          columns.add(prefix(m) + "_norm");
          columns.add(prefix(m) + "_trace");
        }
      } else {
        columns.add(c);
      }
    }
    assertThat(columns).isEqualTo(RowColumns.own(Table.MOMENTS));
  }

  @Test
  void oneRowPerStatInStatOrderEachSizeInItsNamedColumn() {
    LayerProbe layer = new LayerProbe(3, "fc3", SiteKind.DENSE, List.of(), List.of(),
        moments(List.of(Stat.NORMALIZED, Stat.RAW), List.of(Relation.Matrix.values())));

    List<MomentsRow> rows = MomentsRow.of("p1", 100L, layer, Execution.dataParallel(4, 8));

    assertThat(rows).extracting(MomentsRow::stat).containsExactly(Stat.RAW, Stat.NORMALIZED);
    Map<String, Object> expected = new LinkedHashMap<>(Map.of("point_id", "p1", "step", 100L, "layer", 3,
        "layer_name", "fc3", "stat", "normalized", "execution_mode", "data_parallel", "workers", 4,
        "averaging_frequency", 8));
    for (Relation.Matrix m : Relation.Matrix.values()) {
      expected.put(prefix(m) + "_norm", norm(Stat.NORMALIZED, m));
      expected.put(prefix(m) + "_trace", trace(Stat.NORMALIZED, m));
    }
    assertThat(RowColumns.stored(Table.MOMENTS, rows.get(1).values())).isEqualTo(expected);
  }

  @Test
  void aLayerWithoutMomentsHasNoRows() {
    LayerProbe layer = new LayerProbe(1, "fc1", SiteKind.DENSE, List.of(), List.of());

    assertThat(MomentsRow.of("p1", 0L, layer, Execution.TASK)).isEmpty();
  }

  @Test
  void aMissingMatrixIsNamed() {
    List<Relation.Matrix> five = List.of(Relation.Matrix.H_A, Relation.Matrix.G_A, Relation.Matrix.Z_A,
        Relation.Matrix.H_B, Relation.Matrix.Z_B);
    LayerProbe layer = new LayerProbe(1, "fc1", SiteKind.DENSE, List.of(), List.of(),
        moments(List.of(Stat.RAW), five));

    assertThatThrownBy(() -> MomentsRow.of("p1", 0L, layer, Execution.TASK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("moments row: no size for [G_B], got [H_A, G_A, Z_A, H_B, Z_B] (every matrix has a norm and a "
            + "trace column)");
  }

  private static List<MatrixMoment> moments(List<Stat> stats, List<Relation.Matrix> matrices) {
    List<MatrixMoment> moments = new ArrayList<>();
    for (Stat stat : stats) {
      for (Relation.Matrix m : matrices) {
        moments.add(new MatrixMoment(m, stat, norm(stat, m), trace(stat, m)));
      }
    }
    return moments;
  }

  /** Distinct numbers per stat, matrix and kind, so any swap shows. */
  private static double norm(Stat stat, Relation.Matrix m) {
    return 10 * stat.ordinal() + m.ordinal() + 0.25;
  }

  private static double trace(Stat stat, Relation.Matrix m) {
    return 10 * stat.ordinal() + m.ordinal() + 0.75;
  }

  private static String prefix(Relation.Matrix m) {
    return m.symbol().toLowerCase(Locale.ROOT);
  }
}
