package org.crhsweep.store;

import static org.crhsweep.store.Column.bool;
import static org.crhsweep.store.Column.f64;
import static org.crhsweep.store.Column.i32;
import static org.crhsweep.store.Column.i64;
import static org.crhsweep.store.Column.str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crhsweep.probe.Relation;

/**
 * The result tables and their long ("tidy") schemas, declared once. Each is an Iceberg table
 * ({@link ResultTables}: {@code OUT/results/<table>} by default) whose schema puts {@code sweep}, the partition
 * column, before these columns. Every table ends with the provenance columns.
 */
public enum Table {
  POINTS(List.of(str("point_id"), str("arch"), str("arch_json"), i32("depth"), i32("width"), str("activation"),
      str("dataset"), f64("lr"), i32("batch_size"), f64("weight_decay"), i64("seed"), i32("steps"),
      i64("steps_done"), str("status"), str("error"), f64("final_train_loss"), f64("final_probe_loss"),
      f64("final_accuracy"), f64("wall_seconds"), str("device"), str("executor"), i64("pid"), i32("nd4j_threads"), i32("pack_size"),
      str("execution_mode"), i32("workers"), i32("averaging_frequency"),
      str("java_version"), str("finished_at"), str("spec_json"))),
  ALIGNMENT(List.of(str("point_id"), i64("step"), i32("layer"), str("layer_name"), str("site_kind"), str("relation"), str("stat"),
      f64("alignment"), f64("cosine"), f64("null_alignment"), f64("null_cosine"), str("execution_mode"),
      i32("workers"), i32("averaging_frequency"))),
  EXPONENTS(List.of(str("point_id"), i64("step"), i32("layer"), str("layer_name"), str("site_kind"), str("pair"), str("relation"),
      str("stat"), f64("p"), f64("p_lo"), f64("p_hi"), f64("r2"), i32("n_eig"), f64("best_alpha"),
      f64("best_p"), f64("q"), f64("q_lo"), f64("q_hi"), f64("q_r2"), i32("q_n_eig"), str("execution_mode"),
      i32("workers"), i32("averaging_frequency"))),
  TRAINING(List.of(str("point_id"), i64("step"), f64("train_loss"), f64("probe_loss"), f64("accuracy"),
      f64("weight_norm"), f64("grad_norm"), f64("nc1"), str("execution_mode"), i32("workers"),
      i32("averaging_frequency"))),
  MOMENTS(momentColumns()),
  PHASES(phaseColumns());

  /** Provenance carried by every row. */
  public static final List<Column> PROVENANCE = Provenance.COLUMNS;

  private final List<Column> columns;
  private final Map<String, Integer> positions;

  Table(List<Column> own) {
    List<Column> all = new ArrayList<>(own);
    all.addAll(Provenance.COLUMNS);
    this.columns = List.copyOf(all);
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      at.put(columns.get(i).name(), i);
    }
    this.positions = Map.copyOf(at);
  }

  /** Matrix prefixes of the moments table, in {@code Relation.Matrix} order. */
  public static final List<String> MATRICES = matrixPrefixes();

  // A method, not the field: enum constants are built before static fields are set.
  private static List<String> matrixPrefixes() {
    return List.of("h_a", "g_a", "z_a", "h_b", "g_b", "z_b");
  }

  /**
   * How the point executed (task, or data_parallel with its workers and averaging frequency): on every
   * per-point table and the phases table, so SQL compares the modes without a join.
   */
  private static List<Column> executionColumns() {
    return List.of(str("execution_mode"), i32("workers"), i32("averaging_frequency"));
  }

  private static List<Column> momentColumns() {
    List<Column> c = new ArrayList<>(List.of(str("point_id"), i64("step"), i32("layer"), str("layer_name"),
        str("stat")));
    for (String m : matrixPrefixes()) {
      c.add(f64(m + "_norm"));
      c.add(f64(m + "_trace"));
    }
    c.addAll(executionColumns());
    return c;
  }

  private static List<Column> phaseColumns() {
    List<Column> c = new ArrayList<>(List.of(str("point_id"), str("arch"), str("dataset"), f64("lr"),
        i32("batch_size"), f64("weight_decay"), i64("seed"), str("execution_mode"), i32("workers"),
        i32("averaging_frequency"), str("status"), i32("layer"), str("layer_name"),
        str("site_kind"), str("stat"), str("phase"), str("signature"), str("phase_significant"), str("signature_significant"),
        str("phase_one_way"), str("phase_significant_one_way"), bool("pah_fit"), bool("pah_fit_one_way"),
        i32("measurements")));
    // Six blocks in Relation order: every alignment, every chance level, every exponent, every reverse exponent,
    // then both fits' R² (added later, so a table created before them has them after the provenance columns).
    for (String prefix : List.of("", "null_", "p_", "q_", "r2_", "q_r2_")) {
      for (Relation r : Relation.values()) {
        c.add(f64(prefix + r.column()));
      }
    }
    return c;
  }

  /** Directory name under OUT and SQL view name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Column> columns() {
    return columns;
  }

  public int index(String column) {
    Integer i = positions.get(column);
    if (i == null) {
      throw new IllegalArgumentException("table " + label() + " has no column " + column);
    }
    return i;
  }

  /** Tables written once per point (the phases table is written per sweep). */
  public static List<Table> perPoint() {
    return List.of(ALIGNMENT, EXPONENTS, TRAINING, MOMENTS, POINTS);
  }
}
