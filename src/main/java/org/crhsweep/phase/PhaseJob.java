package org.crhsweep.phase;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.store.TableViews;

/**
 * Writes a sweep's phases table: a Spark SQL aggregation averages each layer's alignments, chance
 * levels and exponent fits over the final fraction of its measurements, then every (point, layer,
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

  /** Returns the number of rows written. */
  public int run(String sweep, PhaseSpec spec) throws IOException {
    TableViews.register(spark, store);
    String sql = finalValuesSql(sweep, spec.finalFraction());
    List<Row> rows = spark.sql(sql).collectAsList();
    PhaseClassifier classifier = new PhaseClassifier(spec);
    String specHash = null;
    TableRows out = null;
    for (Row r : rows) {
      if (out == null) {
        specHash = r.getAs("spec_hash");
        out = new TableRows(Table.PHASES, Provenance.here(specHash, r.getAs("backend")));
      }
      LayerFinal f = new LayerFinal(values(r, ""), values(r, "null_"), values(r, "p_"), values(r, "r2_"));
      String status = r.getAs("status");
      PhaseClassifier.Result c = classifier.classify(f);
      boolean diverged = "diverged".equals(status);
      Object[] row = new Object[Table.PHASES.columns().size() - Table.PROVENANCE.size()];
      int k = 0;
      row[k++] = r.getAs("point_id");
      row[k++] = r.getAs("arch");
      row[k++] = r.getAs("dataset");
      row[k++] = r.getAs("lr");
      row[k++] = r.getAs("batch_size");
      row[k++] = r.getAs("weight_decay");
      row[k++] = r.getAs("seed");
      row[k++] = r.getAs("execution_mode");
      row[k++] = r.getAs("workers");
      row[k++] = r.getAs("averaging_frequency");
      row[k++] = status;
      row[k++] = r.getAs("layer");
      row[k++] = r.getAs("layer_name");
      row[k++] = r.getAs("site_kind");
      row[k++] = r.getAs("stat");
      row[k++] = diverged ? PhaseClassifier.DIVERGED : c.phase();
      row[k++] = c.signature();
      row[k++] = diverged ? PhaseClassifier.DIVERGED : c.phaseSignificant();
      row[k++] = c.signatureSignificant();
      row[k++] = classifier.pahFit(f);
      row[k++] = (int) r.<Long>getAs("measurements").longValue();
      // Column order of Table.PHASES: every relation's alignment, then its chance level, then its exponent.
      for (RelationValues values : List.of(f.alignment(), f.nullAlignment(), f.p())) {
        for (Relation rel : Relation.values()) {
          row[k++] = values.get(rel);
        }
      }
      out.add(row);
    }
    if (out == null) {
      return 0;
    }
    store.writePhases(sweep, out);
    return out.size();
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
      feCols.append(String.format(", fe.p_%s, fe.r2_%s", c, c));
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
