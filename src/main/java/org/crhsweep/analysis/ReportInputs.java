package org.crhsweep.analysis;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.probe.RelationValues;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableViews;

/** Reads what the report shows from the tables of one sweep, through Spark SQL. */
public final class ReportInputs {

  /** Points whose alignment curves the report draws. */
  public static final int CURVE_POINTS = 6;

  private ReportInputs() {}

  /** What the report reads from the tables besides the final windows and the phases. */
  public record Reads(List<PointSummary> points, String specHash, List<Curve> curves, AnalysisInputs.Reads analyses) {

    public Reads {
      points = List.copyOf(points);
      curves = List.copyOf(curves);
    }
  }

  /**
   * Reads the report's inputs from the tables: the phases from the phases table, the sensitivity grid from a
   * read of the final windows of its own. A command that has read the final windows already uses
   * {@link #read(SparkSession, String)} and {@link #load(String, Reads, PhaseJob.Finals, PhaseSpec)}.
   */
  public static ReportData load(SparkSession spark, ResultStore store, String sweep) throws Exception {
    TableViews.register(spark, store);
    String s = sweep.replace("'", "''");
    List<LayerPhase> phases = new ArrayList<>();
    for (Row r : spark.sql("SELECT * FROM phases WHERE sweep = '" + s + "' ORDER BY point_id, layer, stat")
        .collectAsList()) {
      phases.add(layerPhase(r::getAs));
    }
    PhaseSpec spec = phaseSpec(store, sweep);
    return load(sweep, read(spark, sweep), phases, spec,
        phases.isEmpty() ? null : PhaseSensitivity.load(spark, store, sweep, spec, PhaseSensitivity.Grid.defaults()));
  }

  /**
   * The report from what {@link #read} read and {@code finals} (the final windows as {@link PhaseJob#read} read and
   * classified them under {@code spec}, the sweep's thresholds), in plain Java: the phases and the sensitivity grid
   * come from {@code finals}, so neither the final windows nor the phases table are read again.
   */
  public static ReportData load(String sweep, Reads reads, PhaseJob.Finals finals, PhaseSpec spec) throws Exception {
    return load(sweep, () -> reads, finals, spec);
  }

  /**
   * As {@link #load(String, Reads, PhaseJob.Finals, PhaseSpec)}, with the reads still under way ({@link #read} on
   * another thread): the phases and the sensitivity grid are computed while they finish.
   */
  public static ReportData load(String sweep, Callable<Reads> reads, PhaseJob.Finals finals, PhaseSpec spec)
      throws Exception {
    List<LayerPhase> phases = phases(finals);
    PhaseSensitivity.Result sensitivity = phases.isEmpty() ? null
        : PhaseSensitivity.compute(finals.layers(), spec, PhaseSensitivity.Grid.defaults());
    return load(sweep, reads.call(), phases, spec, sensitivity);
  }

  /**
   * Reads the points, the curves of a few of them and what the analyses need besides the phases; the views must be
   * registered. Needs nothing from the final windows, so it may run alongside their read.
   */
  public static Reads read(SparkSession spark, String sweep) throws Exception {
    // The analyses' reads run beside the points and the curves (which need the points first).
    Alongside<AnalysisInputs.Reads> analyses = Alongside.start("crh-read-analyses",
        () -> AnalysisInputs.read(spark, sweep));
    String s = sweep.replace("'", "''");
    List<PointSummary> points = new ArrayList<>();
    String specHash = "";
    for (Row r : spark.sql("SELECT * FROM points WHERE sweep = '" + s + "' ORDER BY arch, batch_size, lr, "
        + "weight_decay, seed, execution_mode DESC, workers, averaging_frequency").collectAsList()) {
      specHash = r.getAs("spec_hash");
      points.add(new PointSummary(r.getAs("point_id"), r.getAs("arch"), r.<Integer>getAs("batch_size"),
          r.<Double>getAs("lr"), r.<Double>getAs("weight_decay"), r.<Long>getAs("seed"), r.getAs("status"),
          num(r, "final_train_loss"), num(r, "final_probe_loss"), num(r, "wall_seconds"), r.getAs("error"),
          execution(r::getAs)));
    }
    return new Reads(points, specHash, curves(spark, s, curvePoints(points)), analyses.get());
  }

  private static ReportData load(String sweep, Reads reads, List<LayerPhase> phases, PhaseSpec spec,
      PhaseSensitivity.Result sensitivity) {
    return new ReportData(sweep, reads.specHash(), Instant.now().toString(), reads.points(), phases, reads.curves(),
        AnalysisInputs.compute(reads.analyses(), phases, spec.minR2()), sensitivity);
  }

  /** The phases rows of {@code finals} as the report reads them from the phases table (the same values). */
  public static List<LayerPhase> phases(PhaseJob.Finals finals) {
    if (finals.rows() == null) {
      return List.of();
    }
    List<LayerPhase> out = new ArrayList<>(finals.size());
    for (Object[] row : finals.rows().rows()) {
      out.add(layerPhase(column -> row[Table.PHASES.index(column)]));
    }
    return out;
  }

  /** One phases row, its columns given by name (a Spark row of the phases table, or a row about to be written). */
  private static LayerPhase layerPhase(Function<String, Object> r) {
    RelationValues a = RelationValues.of(rel -> num(r.apply(rel.column())));
    RelationValues n = RelationValues.of(rel -> num(r.apply("null_" + rel.column())));
    return new LayerPhase((String) r.apply("point_id"), (String) r.apply("arch"), (Integer) r.apply("batch_size"),
        (Double) r.apply("lr"), (Double) r.apply("weight_decay"), (Long) r.apply("seed"), (Integer) r.apply("layer"),
        (String) r.apply("layer_name"), (String) r.apply("stat"), (String) r.apply("phase"),
        (String) r.apply("signature"), (String) r.apply("phase_significant"),
        (String) r.apply("signature_significant"), a, n, execution(r));
  }

  /** Evenly spaced picks among the finished points (in lr, weight decay order), at most {@link #CURVE_POINTS}. */
  static List<PointSummary> curvePoints(List<PointSummary> points) {
    List<PointSummary> finished = points.stream().filter(p -> !"failed".equals(p.status())).toList();
    if (finished.size() <= CURVE_POINTS) {
      return finished;
    }
    List<PointSummary> picked = new ArrayList<>();
    for (int i = 0; i < CURVE_POINTS; i++) {
      picked.add(finished.get((int) Math.round(i * (finished.size() - 1) / (double) (CURVE_POINTS - 1))));
    }
    return picked;
  }

  private static List<Curve> curves(SparkSession spark, String sweep, List<PointSummary> picked) {
    if (picked.isEmpty()) {
      return List.of();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (PointSummary p : picked) {
      labels.put(p.pointId(), String.format("%s lr=%s wd=%s bs=%d seed=%d", p.arch(), Numbers.hyper(p.learningRate()),
          Numbers.hyper(p.weightDecay()), p.batchSize(), p.seed())
          + (Executions.TASK.equals(p.execution()) ? "" : " " + p.execution()));
    }
    String in = String.join("','", labels.keySet());
    List<Row> rows = spark.sql("SELECT point_id, layer, FIRST(layer_name) AS layer_name, stat, relation, "
        + "SORT_ARRAY(COLLECT_LIST(STRUCT(step, alignment, null_alignment))) AS series FROM alignment WHERE sweep = '" + sweep
        + "' AND point_id IN ('" + in + "') GROUP BY point_id, layer, stat, relation").collectAsList();
    List<Curve> curves = new ArrayList<>();
    for (String id : labels.keySet()) {
      for (Row r : rows) {
        if (!id.equals(r.getAs("point_id"))) {
          continue;
        }
        List<Row> series = r.getList(r.fieldIndex("series"));
        long[] steps = new long[series.size()];
        double[] values = new double[series.size()];
        double[] chance = new double[series.size()];
        for (int i = 0; i < series.size(); i++) {
          steps[i] = series.get(i).getLong(0);
          values[i] = series.get(i).isNullAt(1) ? Double.NaN : series.get(i).getDouble(1);
          chance[i] = series.get(i).isNullAt(2) ? Double.NaN : series.get(i).getDouble(2);
        }
        curves.add(new Curve(id, labels.get(id), r.<Integer>getAs("layer"), r.getAs("layer_name"), r.getAs("stat"),
            r.getAs("relation"), steps, values, chance));
      }
    }
    return curves;
  }

  /** The phase thresholds of the spec the sweep ran with (the defaults when none is stored or it no longer parses). */
  static PhaseSpec phaseSpec(ResultStore store, String sweep) throws IOException {
    String yaml = store.loadSpec(sweep);
    if (yaml != null) {
      try {
        return SpecParser.parseString(yaml, store.specFile(sweep).toString()).phase();
      } catch (SpecException e) {
        // The phases command reports a spec that no longer parses; here the defaults will do.
      }
    }
    return PhaseSpec.defaults();
  }

  /** The execution label of a row with the execution_mode, workers and averaging_frequency columns. */
  static String execution(Function<String, Object> r) {
    Integer workers = (Integer) r.apply("workers");
    Integer frequency = (Integer) r.apply("averaging_frequency");
    return Executions.label((String) r.apply("execution_mode"), workers == null ? 1 : workers,
        frequency == null ? 1 : frequency);
  }

  private static double num(Row r, String field) {
    return num(r.getAs(field));
  }

  private static double num(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }
}
