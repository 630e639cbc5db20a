package org.crhsweep.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.probe.Relation;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;

/**
 * A small hand-written store for sweep {@link #SWEEP}, no training: one arch, two learning rates,
 * three weight decays, two seeds, two layers, both stats, four probe steps, alignments, exponents,
 * moments and NC1 from a fixed integer hash (no clock, no Random), one diverged and one failed point.
 * Rows are filled by column name so columns added to a table later stay null here.
 */
final class PinnedStore {

  static final String SWEEP = "pinned";
  static final List<Double> LRS = List.of(0.01, 0.1);
  static final List<Double> WDS = List.of(0.0, 0.001, 0.01);
  static final List<Long> SEEDS = List.of(1L, 2L);
  static final long[] STEPS = {0, 10, 20, 30};
  static final int LAYERS = 2;

  private static final Provenance PROVENANCE = new Provenance("spec-hash-pinned", "v-pinned", "cpu", "host-pinned");

  private PinnedStore() {}

  /** A value in [0, 1) from the integer hash of its arguments: the same on every machine and run. */
  static double noise(long... keys) {
    long h = 1125899906842597L;
    for (long k : keys) {
      h = 31 * h + k;
      h ^= h >>> 29;
      h *= 0x9E3779B97F4A7C15L;
    }
    return ((h >>> 11) & 0xFFFFF) / (double) 0x100000;
  }

  /** A store under {@code dir}/out, on the session's file system, holding sweep {@link #SWEEP} as {@link #write} writes it. */
  static ResultStore writtenUnder(Path dir, SparkSession spark) throws IOException {
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    write(store);
    return store;
  }

  static void write(ResultStore store) throws IOException {
    java.util.List<org.crhsweep.store.StagedPoint> staged = new java.util.ArrayList<>();
    int k = 0;
    for (double lr : LRS) {
      for (double wd : WDS) {
        for (long seed : SEEDS) {
          k++;
          String id = String.format("p%02d", k);
          boolean failed = lr == 0.1 && wd == 0.01 && seed == 2;
          boolean diverged = lr == 0.1 && wd == 0.0 && seed == 1;
          staged.add(store.stagePoint(SWEEP, id, point(id, k, lr, wd, seed,
              failed ? "failed" : diverged ? "diverged" : "done")));
        }
      }
    }
    store.tables().commit(staged);
  }

  /**
   * A small sweep named {@code sweep} of {@code statuses.size()} points, the i-th ending with the i-th
   * status, along the same grid as {@link #write} (lr, then weight decay, then seed): a store for the
   * report's bad-input cases (nothing finished, everything diverged, one point).
   */
  static void write(ResultStore store, String sweep, List<String> statuses) throws IOException {
    java.util.List<org.crhsweep.store.StagedPoint> staged = new java.util.ArrayList<>();
    int k = 0;
    for (double lr : LRS) {
      for (double wd : WDS) {
        for (long seed : SEEDS) {
          if (k == statuses.size()) {
            break;
          }
          String id = String.format("q%02d", k + 1);
          staged.add(store.stagePoint(sweep, id, point(id, k + 1, lr, wd, seed, statuses.get(k))));
          k++;
        }
      }
    }
    store.tables().commit(staged);
  }

  private static Map<Table, TableRows> point(String id, int k, double lr, double wd, long seed, String status) {
    Map<Table, TableRows> rows = new EnumMap<>(Table.class);
    rows.put(Table.POINTS, new TableRows(Table.POINTS, PROVENANCE).add(row(Table.POINTS, Map.ofEntries(
        Map.entry("point_id", id), Map.entry("arch", "mlp-2x8"), Map.entry("arch_json", "{}"),
        Map.entry("depth", 2), Map.entry("width", 8), Map.entry("activation", "tanh"),
        Map.entry("dataset", "teacher_student"), Map.entry("lr", lr), Map.entry("batch_size", 16),
        Map.entry("weight_decay", wd), Map.entry("seed", seed), Map.entry("steps", 30),
        Map.entry("steps_done", "failed".equals(status) ? 3L : 30L), Map.entry("status", status),
        Map.entry("final_train_loss", "diverged".equals(status) ? Double.NaN : 0.5 * noise(k, 1)),
        Map.entry("final_probe_loss", 0.5 * noise(k, 2)), Map.entry("final_accuracy", noise(k, 3)),
        Map.entry("wall_seconds", 10 + 5 * noise(k, 4)), Map.entry("device", "cpu"),
        Map.entry("execution_mode", "task"), Map.entry("workers", 1), Map.entry("averaging_frequency", 1)))));
    if ("failed".equals(status)) {
      return rows; // a failed point has a points row only
    }
    TableRows alignment = new TableRows(Table.ALIGNMENT, PROVENANCE);
    TableRows exponents = new TableRows(Table.EXPONENTS, PROVENANCE);
    TableRows moments = new TableRows(Table.MOMENTS, PROVENANCE);
    TableRows training = new TableRows(Table.TRAINING, PROVENANCE);
    long[] steps = "diverged".equals(status) ? new long[] {0, 10} : STEPS;
    for (long step : steps) {
      training.add(row(Table.TRAINING, Map.of("point_id", id, "step", step, "train_loss", 1.0 / (1 + step),
          "nc1", 2 * noise(k, step, 5) + (wd > 0 ? 0.0 : 1.0), "execution_mode", "task", "workers", 1,
          "averaging_frequency", 1)));
      for (int layer = 1; layer <= LAYERS; layer++) {
        for (String stat : List.of("raw", "normalized")) {
          int s = "raw".equals(stat) ? 0 : 1;
          for (Relation rel : Relation.values()) {
            int r = rel.ordinal();
            // Alignment grows over training, with depth and with weight decay, differently per relation.
            double a = Math.min(0.99, 0.25 + 0.15 * layer + 20 * wd + 0.1 * step / 30.0 + 0.3 * noise(k, step, layer, s, r));
            double nul = 0.05 + 0.2 * noise(k, layer, s, r, 7) + (layer == LAYERS ? 0.3 : 0);
            alignment.add(row(Table.ALIGNMENT, Map.ofEntries(Map.entry("point_id", id), Map.entry("step", step),
                Map.entry("layer", layer), Map.entry("layer_name", "fc" + layer), Map.entry("site_kind", "dense"),
                Map.entry("relation", rel.label()), Map.entry("stat", stat),
                Map.entry("alignment", "diverged".equals(status) && step > 0 ? Double.NaN : a),
                Map.entry("cosine", a), Map.entry("null_alignment", nul), Map.entry("execution_mode", "task"),
                Map.entry("workers", 1), Map.entry("averaging_frequency", 1))));
            double p = 0.2 + 3.5 * noise(k, step, layer, s, r, 11);
            // The reverse fit: near 1/p (p·q within ±0.3 of 1, so either side of the default tolerance 0.2).
            double q = (1 + 0.6 * (noise(k, step, layer, s, r, 29) - 0.5)) / p;
            exponents.add(row(Table.EXPONENTS, Map.ofEntries(Map.entry("point_id", id), Map.entry("step", step),
                Map.entry("layer", layer), Map.entry("layer_name", "fc" + layer), Map.entry("site_kind", "dense"),
                Map.entry("pair", rel.pair()), Map.entry("relation", rel.label()), Map.entry("stat", stat),
                Map.entry("p", p), Map.entry("p_lo", p - 0.1), Map.entry("p_hi", p + 0.1),
                Map.entry("r2", 0.8 + 0.2 * noise(k, step, layer, s, r, 13)), Map.entry("n_eig", 8),
                Map.entry("q", q), Map.entry("q_lo", q - 0.1), Map.entry("q_hi", q + 0.1),
                Map.entry("q_r2", 0.8 + 0.2 * noise(k, step, layer, s, r, 31)), Map.entry("q_n_eig", 8),
                Map.entry("execution_mode", "task"), Map.entry("workers", 1), Map.entry("averaging_frequency", 1))));
          }
          double hB = 1 + noise(k, step, layer, s, 17);
          // G_b ∝ wd^1.8 H_b, with seed-level scatter, so the scaling slope is near but not at 2.
          double gB = hB * StrictMath.pow(Math.max(wd, 1e-4), 1.8) * (1 + 0.2 * noise(k, step, layer, s, 19));
          moments.add(row(Table.MOMENTS, Map.ofEntries(Map.entry("point_id", id), Map.entry("step", step),
              Map.entry("layer", layer), Map.entry("layer_name", "fc" + layer), Map.entry("stat", stat),
              Map.entry("g_b_norm", gB), Map.entry("h_b_norm", hB), Map.entry("z_b_norm", hB * (1 + noise(k, s, 23))),
              Map.entry("execution_mode", "task"), Map.entry("workers", 1), Map.entry("averaging_frequency", 1))));
        }
      }
    }
    rows.put(Table.ALIGNMENT, alignment);
    rows.put(Table.EXPONENTS, exponents);
    rows.put(Table.MOMENTS, moments);
    rows.put(Table.TRAINING, training);
    return rows;
  }

  /** A table's own columns (no provenance) in schema order, from values by column name; others null. */
  private static Object[] row(Table table, Map<String, Object> values) {
    Object[] row = new Object[table.columns().size() - Table.PROVENANCE.size()];
    values.forEach((column, v) -> row[table.index(column)] = v);
    return row;
  }
}
