package org.crhsweep.phase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.PhasesSource;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.store.TableViews;

/**
 * Writes a sweep's phases table: a Spark SQL aggregation averages each layer's alignments, chance
 * levels and exponent fits (both ways) over the final fraction of its measurements, then every (point, layer,
 * stat) is classified by {@link PhaseClassifier}. Failed points have no phase; diverged points are
 * {@code diverged} in every layer.
 */
public final class PhaseJob {

  private final SparkSession spark;
  private final ResultStore store;

  public PhaseJob(SparkSession spark, ResultStore store) {
    this.spark = spark;
    this.store = store;
  }

  /**
   * What one read of a sweep's final windows gives: every (point, layer, stat) of its done and diverged points
   * with its final values, in point, layer, stat order, and the phases rows classified from them (null when
   * there are none). Every analysis of a command starts from this, so the tables are read once.
   */
  public record Finals(List<FinalLayer> layers, TableRows rows) {

    public Finals {
      layers = List.copyOf(layers);
    }

    /** The number of phases rows (0 when there are none). */
    public int size() {
      return rows == null ? 0 : rows.size();
    }
  }

  /** Returns the number of rows written; their source is recorded as unknown, so they never count as current. */
  public int run(String sweep, PhaseSpec spec) throws IOException {
    return run(sweep, spec, null);
  }

  /**
   * Reads the tables at the snapshots of {@code source} ({@link PhasesSource#now}, taken before this call; null:
   * their current snapshots) and writes the phases with that source recorded. Returns the number of rows written.
   */
  public int run(String sweep, PhaseSpec spec, PhasesSource source) throws IOException {
    return write(sweep, read(sweep, spec, source), source);
  }

  /**
   * Registers the views with the tables at the snapshots of {@code source} (null: their current snapshots), reads
   * the sweep's final windows in one Spark query, and classifies them under {@code spec} (plain Java).
   */
  public Finals read(String sweep, PhaseSpec spec, PhasesSource source) throws IOException {
    register(source);
    return readRegistered(sweep, spec);
  }

  /**
   * Registers the views with the tables at the snapshots of {@code source} (null: their current snapshots), for
   * {@link #readRegistered} and any other query of the same command (which may run alongside it).
   */
  public void register(PhasesSource source) throws IOException {
    TableViews.register(spark, store, source == null ? Map.of() : source.snapshots());
  }

  /** {@link #read} from the views registered already ({@link #register}). */
  public Finals readRegistered(String sweep, PhaseSpec spec) {
    List<Row> rows = spark.sql(finalValuesSql(sweep, spec.finalFraction())).collectAsList();
    PhaseClassifier classifier = new PhaseClassifier(spec);
    List<FinalLayer> layers = new ArrayList<>(rows.size());
    TableRows out = null;
    for (Row r : rows) {
      if (out == null) {
        out = new TableRows(Table.PHASES, Provenance.here(r.getAs("spec_hash"), r.getAs("backend")));
      }
      FinalValues f = finalValues(r);
      layers.add(new FinalLayer(r.getAs("point_id"), r.getAs("status"), r.<Integer>getAs("layer"), r.getAs("stat"), f));
      out.add(phaseRow(r, f, classifier));
    }
    return new Finals(layers, out);
  }

  /** Writes the phases rows of {@code finals} with {@code source} recorded; returns how many (none: nothing written). */
  public int write(String sweep, Finals finals, PhasesSource source) {
    if (finals.rows() == null) {
      return 0;
    }
    store.writePhases(sweep, finals.rows(), source);
    return finals.size();
  }

  /**
   * Every (point, layer, stat) of the sweep's done and diverged points with its final values, as the phases
   * table classifies them: what a recomputation under other thresholds starts from.
   */
  public List<FinalLayer> finals(String sweep, double finalFraction) throws IOException {
    List<FinalLayer> out = new ArrayList<>();
    for (Row r : finalRows(sweep, finalFraction)) {
      out.add(new FinalLayer(r.getAs("point_id"), r.getAs("status"), r.<Integer>getAs("layer"), r.getAs("stat"),
          finalValues(r)));
    }
    return out;
  }

  private List<Row> finalRows(String sweep, double finalFraction) throws IOException {
    TableViews.register(spark, store);
    return spark.sql(finalValuesSql(sweep, finalFraction)).collectAsList();
  }

  /** One phases row, filled by column name (so no two adjacent columns can be swapped). */
  private static Object[] phaseRow(Row r, FinalValues f, PhaseClassifier classifier) {
    String status = r.getAs("status");
    PhaseClassifier.Result c = classifier.classify(f);
    boolean diverged = FinalLayer.DIVERGED_STATUS.equals(status);
    Object[] row = new Object[Table.PHASES.columns().size() - Table.PROVENANCE.size()];
    for (String copied : List.of("point_id", "arch", "dataset", "lr", "batch_size", "weight_decay", "seed",
        "execution_mode", "workers", "averaging_frequency", "status", "layer", "layer_name", "site_kind", "stat")) {
      row[Table.PHASES.index(copied)] = r.getAs(copied);
    }
    row[Table.PHASES.index("phase")] = diverged ? PhaseClassifier.DIVERGED : c.phase();
    row[Table.PHASES.index("signature")] = c.signature();
    row[Table.PHASES.index("phase_significant")] = diverged ? PhaseClassifier.DIVERGED : c.phaseSignificant();
    row[Table.PHASES.index("signature_significant")] = c.signatureSignificant();
    row[Table.PHASES.index("phase_one_way")] = diverged ? PhaseClassifier.DIVERGED : c.phaseOneWay();
    row[Table.PHASES.index("phase_significant_one_way")] =
        diverged ? PhaseClassifier.DIVERGED : c.phaseSignificantOneWay();
    row[Table.PHASES.index("pah_fit")] = classifier.pahFit(f, PhaseClassifier.PahTest.TWO_WAY);
    row[Table.PHASES.index("pah_fit_one_way")] = classifier.pahFit(f, PhaseClassifier.PahTest.ONE_WAY);
    row[Table.PHASES.index("measurements")] = (int) r.<Long>getAs("measurements").longValue();
    for (Relation rel : Relation.values()) {
      row[Table.PHASES.index(rel.column())] = f.alignment().get(rel);
      row[Table.PHASES.index("null_" + rel.column())] = f.nullAlignment().get(rel);
      row[Table.PHASES.index("p_" + rel.column())] = f.p().get(rel);
      row[Table.PHASES.index("q_" + rel.column())] = f.q().get(rel);
    }
    return row;
  }

  private static FinalValues finalValues(Row r) {
    return new FinalValues(values(r, ""), values(r, "null_"), values(r, "p_"), values(r, "r2_"), values(r, "q_"),
        values(r, "q_r2_"));
  }

  private static RelationValues values(Row r, String prefix) {
    return RelationValues.of(rel -> {
      Object o = r.getAs(prefix + rel.column());
      return o == null ? Double.NaN : ((Number) o).doubleValue();
    });
  }

  private static String pivotColumns(String alias) {
    StringBuilder sb = new StringBuilder();
    for (Relation rel : Relation.values()) {
      String c = rel.column();
      sb.append(String.format(", %1$s%2$s, %1$snull_%2$s", alias, c));
    }
    return sb.toString();
  }

  static String finalValuesSql(String sweep, double fraction) {
    StringBuilder pivotA = new StringBuilder();
    StringBuilder pivotE = new StringBuilder();
    StringBuilder feCols = new StringBuilder();
    for (Relation rel : Relation.values()) {
      String c = rel.column();
      pivotA.append(String.format(", AVG(CASE WHEN a.relation = '%s' THEN a.alignment END) AS %s", rel.label(), c));
      pivotA.append(String.format(", AVG(CASE WHEN a.relation = '%s' THEN a.null_alignment END) AS null_%s",
          rel.label(), c));
      pivotE.append(String.format(", AVG(CASE WHEN e.pair = '%s' THEN e.p END) AS p_%s", rel.pair(), c));
      pivotE.append(String.format(", AVG(CASE WHEN e.pair = '%s' THEN e.r2 END) AS r2_%s", rel.pair(), c));
      pivotE.append(String.format(", AVG(CASE WHEN e.pair = '%s' THEN e.q END) AS q_%s", rel.pair(), c));
      pivotE.append(String.format(", AVG(CASE WHEN e.pair = '%s' THEN e.q_r2 END) AS q_r2_%s", rel.pair(), c));
      feCols.append(String.format(", fe.p_%1$s, fe.r2_%1$s, fe.q_%1$s, fe.q_r2_%1$s", c));
    }
    String s = sweep.replace("'", "''");
    return String.format(Locale.ROOT, """
        WITH probe_steps AS (
          SELECT DISTINCT point_id, step FROM alignment WHERE sweep = '%1$s'
        ), ranked AS (
          SELECT point_id, step,
                 ROW_NUMBER() OVER (PARTITION BY point_id ORDER BY step DESC) AS rk,
                 COUNT(*) OVER (PARTITION BY point_id) AS n
          FROM probe_steps
        ), final_steps AS (
          SELECT point_id, step FROM ranked WHERE rk <= GREATEST(1, CEIL(n * %2$s))
        ), fa AS (
          SELECT a.point_id, a.layer, FIRST(a.layer_name) AS layer_name,
                 FIRST(a.site_kind) AS site_kind, a.stat,
                 COUNT(DISTINCT a.step) AS measurements %3$s
          FROM alignment a JOIN final_steps f ON a.point_id = f.point_id AND a.step = f.step
          WHERE a.sweep = '%1$s'
          GROUP BY a.point_id, a.layer, a.stat
        ), fe AS (
          SELECT e.point_id, e.layer, e.stat %4$s
          FROM exponents e JOIN final_steps f ON e.point_id = f.point_id AND e.step = f.step
          WHERE e.sweep = '%1$s'
          GROUP BY e.point_id, e.layer, e.stat
        )
        SELECT p.point_id, p.arch, p.dataset, p.lr, p.batch_size, p.weight_decay, p.seed, p.status,
               p.execution_mode, p.workers, p.averaging_frequency, p.spec_hash, p.backend, fa.layer, fa.layer_name, fa.site_kind, fa.stat,
               fa.measurements,
               %5$s
        FROM points p
        JOIN fa ON fa.point_id = p.point_id
        LEFT JOIN fe ON fe.point_id = fa.point_id AND fe.layer = fa.layer AND fe.stat = fa.stat
        WHERE p.sweep = '%1$s' AND p.status IN ('done', 'diverged')
        ORDER BY p.point_id, fa.layer, fa.stat
        """, s, fraction, pivotA, pivotE, feCols.substring(2) + pivotColumns("fa."));
  }
}
