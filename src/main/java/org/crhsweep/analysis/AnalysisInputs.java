package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads, with Spark SQL over the registered views, what the sweep analyses need beyond the phases
 * rows: each finished point's last measurement of the moments and exponents tables, and its final
 * NC1 when the training table has an {@code nc1} column. Then computes the analyses.
 */
public final class AnalysisInputs {

  private AnalysisInputs() {}

  /**
   * What the analyses read beyond the phases rows: each finished point's last moments and exponents, and its
   * final NC1 by point id (null when the training table has no nc1 column).
   */
  public record Reads(List<WeightDecayScaling.FinalMoment> moments, List<ExponentDistribution.FinalExponent> exponents,
      Map<String, Double> nc1) {

    public Reads {
      moments = List.copyOf(moments);
      exponents = List.copyOf(exponents);
    }
  }

  /** The analyses of one sweep; the views must be registered (TableViews.register). */
  public static Analyses load(SparkSession spark, String sweep, List<LayerPhase> phases, double minR2)
      throws Exception {
    return compute(read(spark, sweep), phases, minR2);
  }

  /** Reads what every analysis needs beyond the phases rows; the views must be registered. */
  public static Reads read(SparkSession spark, String sweep) throws Exception {
    String s = sweep.replace("'", "''");
    Alongside<List<WeightDecayScaling.FinalMoment>> moments = Alongside.start("crh-read-moments",
        () -> moments(spark, s));
    List<ExponentDistribution.FinalExponent> exponents = exponents(spark, s);
    Map<String, Double> nc1 = nc1(spark, s);
    return new Reads(moments.get(), exponents, nc1);
  }

  /** Reads what the paper's claims need beyond the phases rows (no moments); the views must be registered. */
  public static Reads readForClaims(SparkSession spark, String sweep) {
    String s = sweep.replace("'", "''");
    return new Reads(List.of(), exponents(spark, s), nc1(spark, s));
  }

  /** The analyses from what was read (plain Java). */
  public static Analyses compute(Reads reads, List<LayerPhase> phases, double minR2) {
    return SweepAnalyses.compute(new SweepAnalyses.Inputs(phases, reads.moments(), reads.exponents(), reads.nc1(),
        minR2));
  }

  /** The paper's claims alone, as {@link #compute} checks them, from {@link #readForClaims} (plain Java). */
  public static List<Analyses.Claim> claims(Reads reads, List<LayerPhase> phases, double minR2) {
    return PaperClaims.check(phases, reads.exponents(), reads.nc1(), minR2);
  }

  static List<WeightDecayScaling.FinalMoment> moments(SparkSession spark, String s) {
    List<WeightDecayScaling.FinalMoment> out = new ArrayList<>();
    for (Row r : spark.sql(lastStep("moments", s) + """
        SELECT p.arch, p.dataset, p.lr, p.batch_size, p.seed, p.weight_decay, p.execution_mode, p.workers,
               p.averaging_frequency, m.layer, m.layer_name, m.stat,
               m.g_b_norm, m.h_b_norm, m.z_b_norm
        FROM moments m JOIN last USING (point_id, step)
        JOIN points p ON p.sweep = m.sweep AND p.point_id = m.point_id
        WHERE m.sweep = '%s' AND p.status = 'done'
        ORDER BY m.layer, m.stat""".formatted(s)).collectAsList()) {
      String execution = ReportInputs.execution(r::getAs);
      String others = String.join("|", r.getAs("arch"), r.getAs("dataset"), String.valueOf(r.<Double>getAs("lr")),
          String.valueOf(r.<Integer>getAs("batch_size")), String.valueOf(r.<Long>getAs("seed")), execution);
      // Slopes per arch and execution: a data-parallel point is never pooled with task-mode ones.
      String panel = Executions.panel(r.getAs("arch"), execution);
      out.add(new WeightDecayScaling.FinalMoment(others, panel, r.<Double>getAs("weight_decay"),
          r.<Integer>getAs("layer"), r.getAs("layer_name"), r.getAs("stat"), num(r, "g_b_norm"), num(r, "h_b_norm"),
          num(r, "z_b_norm")));
    }
    return out;
  }

  static List<ExponentDistribution.FinalExponent> exponents(SparkSession spark, String s) {
    List<ExponentDistribution.FinalExponent> out = new ArrayList<>();
    for (Row r : spark.sql(lastStep("exponents", s) + """
        SELECT e.point_id, e.layer, e.stat, e.pair, e.p, e.r2
        FROM exponents e JOIN last USING (point_id, step)
        JOIN points p ON p.sweep = e.sweep AND p.point_id = e.point_id
        WHERE e.sweep = '%s' AND p.status = 'done'""".formatted(s)).collectAsList()) {
      out.add(new ExponentDistribution.FinalExponent(r.getAs("point_id"), r.<Integer>getAs("layer"), r.getAs("stat"),
          r.getAs("pair"), num(r, "p"), num(r, "r2")));
    }
    return out;
  }

  /** Final NC1 by point id, or null when the training table has no nc1 column. */
  static Map<String, Double> nc1(SparkSession spark, String s) {
    if (!Arrays.asList(spark.table("training").columns()).contains("nc1")) {
      return null;
    }
    Map<String, Double> out = new TreeMap<>();
    for (Row r : spark.sql("""
        WITH last AS (SELECT point_id, MAX(step) AS step FROM training
                      WHERE sweep = '%1$s' AND nc1 IS NOT NULL AND NOT isnan(nc1) GROUP BY point_id)
        SELECT t.point_id, t.nc1 FROM training t JOIN last USING (point_id, step)
        WHERE t.sweep = '%1$s'""".formatted(s)).collectAsList()) {
      out.put(r.getAs("point_id"), num(r, "nc1"));
    }
    return out;
  }

  private static String lastStep(String table, String s) {
    return "WITH last AS (SELECT point_id, MAX(step) AS step FROM " + table + " WHERE sweep = '" + s
        + "' GROUP BY point_id)\n";
  }

  private static double num(Row r, String field) {
    Object o = r.getAs(field);
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }
}
