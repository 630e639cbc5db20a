package org.crhsweep.phase;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
    PhaseClassifier classifier = new PhaseClassifier(spec);
    List<FinalLayer> layers = new ArrayList<>();
    TableRows out = null;
    for (Window w : windows(sweep, spec.finalFraction())) {
      Row p = w.point;
      if (out == null) {
        out = new TableRows(Table.PHASES, Provenance.here(p.getAs("spec_hash"), p.getAs("backend")));
      }
      FinalLayer layer = w.layer();
      layers.add(layer);
      out.add(phaseRow(p, w, layer.values(), classifier));
    }
    return new Finals(layers, out);
  }

  /**
   * The final windows as the sweep's phases rows hold them: what {@link #write} wrote from one read, so when those
   * rows are current ({@link PhasesSource}) this equals {@link #readRegistered} without reading the measurement
   * tables. Null when a row predates the columns of the fits' R² (then the final windows must be read).
   */
  public Finals readStored(String sweep) {
    List<Row> rows = spark.sql("SELECT * FROM phases WHERE sweep = '" + sweep.replace("'", "''")
        + "' ORDER BY point_id, layer, stat").collectAsList();
    List<FinalLayer> layers = new ArrayList<>(rows.size());
    TableRows out = null;
    int own = Table.PHASES.columns().size() - Table.PROVENANCE.size();
    int[] at = null;
    for (Row r : rows) {
      if (at == null) {
        at = new int[Table.PHASES.columns().size()];
        for (int i = 0; i < at.length; i++) {
          at[i] = r.fieldIndex(Table.PHASES.columns().get(i).name());
        }
        out = new TableRows(Table.PHASES, new Provenance(r.getString(at[own]), r.getString(at[own + 1]),
            r.getString(at[own + 2]), r.getString(at[own + 3])));
      }
      for (Relation rel : Relation.values()) {
        if (r.isNullAt(at[Quantity.R2.column(rel)])) {
          return null;
        }
      }
      Object[] row = new Object[own];
      for (int i = 0; i < own; i++) {
        row[i] = r.get(at[i]);
      }
      out.add(row);
      FinalValues f = Quantity.finalValues(q -> RelationValues.of(rel -> {
        Object o = row[q.column(rel)];
        return o == null ? Double.NaN : ((Number) o).doubleValue();
      }));
      layers.add(new FinalLayer((String) row[Table.PHASES.index("point_id")], (String) row[Table.PHASES.index("status")],
          (Integer) row[Table.PHASES.index("layer")], (String) row[Table.PHASES.index("stat")], f));
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
    TableViews.register(spark, store);
    List<FinalLayer> out = new ArrayList<>();
    for (Window w : windows(sweep, finalFraction)) {
      out.add(w.layer());
    }
    return out;
  }

  /** A (point, layer, stat). */
  private record Key(String pointId, int layer, String stat) {

    /** The order of the phases rows. */
    static final Comparator<Key> ORDER = Comparator.comparing(Key::pointId).thenComparingInt(Key::layer)
        .thenComparing(Key::stat);
  }

  /**
   * The six averages a final window holds per relation, in the order {@link FinalValues} takes them, each with the
   * prefix of its phases columns ({@code p_f_rwa}); the columns' positions are looked up once, not per row.
   */
  private enum Quantity {
    ALIGNMENT(""), NULL_ALIGNMENT("null_"), P("p_"), R2("r2_"), Q("q_"), Q_R2("q_r2_");

    private final int[] columns = new int[Relation.values().length];

    Quantity(String prefix) {
      for (Relation rel : Relation.values()) {
        columns[rel.ordinal()] = Table.PHASES.index(prefix + rel.column());
      }
    }

    /** The position of this quantity's column of {@code rel} in a phases row. */
    int column(Relation rel) {
      return columns[rel.ordinal()];
    }

    /** This quantity's values in {@code f}. */
    RelationValues of(FinalValues f) {
      return switch (this) {
        case ALIGNMENT -> f.alignment();
        case NULL_ALIGNMENT -> f.nullAlignment();
        case P -> f.p();
        case R2 -> f.r2();
        case Q -> f.q();
        case Q_R2 -> f.qR2();
      };
    }

    /** The final values whose every quantity {@code value} gives. */
    static FinalValues finalValues(Function<Quantity, RelationValues> value) {
      return new FinalValues(value.apply(ALIGNMENT), value.apply(NULL_ALIGNMENT), value.apply(P), value.apply(R2),
          value.apply(Q), value.apply(Q_R2));
    }
  }

  /** One (point, layer, stat)'s final window: its point's row and its averages per quantity and relation. */
  private static final class Window {
    final Key key;
    final Row point;
    final double[][] mean = new double[Quantity.values().length][Relation.values().length];
    String layerName;
    String siteKind;
    long measurements;
    boolean aligned;

    Window(Key key, Row point) {
      this.key = key;
      this.point = point;
      for (double[] m : mean) {
        Arrays.fill(m, Double.NaN);
      }
    }

    /** The window as the phases job classifies it. */
    FinalLayer layer() {
      FinalValues values = Quantity.finalValues(q -> RelationValues.of(rel -> mean[q.ordinal()][rel.ordinal()]));
      return new FinalLayer(key.pointId(), point.getAs("status"), key.layer(), key.stat(), values);
    }
  }

  /**
   * The final windows of the sweep's done and diverged points, in point, layer, stat order: one Spark query
   * averages each (point, layer, stat, relation) over the final measurements (both tables, one row per relation,
   * so Spark compiles two small aggregations rather than 36 pivoted ones); the rows are pivoted here and joined
   * with the points read by a second, small query.
   */
  private List<Window> windows(String sweep, double fraction) {
    String s = sweep.replace("'", "''");
    Map<String, Row> points = new HashMap<>();
    for (Row p : spark.sql("SELECT " + String.join(", ", POINT_COLUMNS) + ", spec_hash, backend FROM points WHERE "
        + "sweep = '" + s + "' AND status IN ('done', 'diverged')").collectAsList()) {
      points.put(p.getAs("point_id"), p);
    }
    Map<Key, Window> windows = new HashMap<>();
    registerFinalSteps(sweep, fraction);
    for (Row r : spark.sql(finalValuesSql(sweep)).collectAsList()) {
      Row point = points.get(r.getString(1));
      if (point == null) {
        continue;
      }
      Key key = new Key(r.getString(1), r.getInt(2), r.getString(3));
      Window w = windows.computeIfAbsent(key, k -> new Window(k, point));
      if ("a".equals(r.getString(0))) {
        int rel = Relation.fromLabel(r.getString(4)).ordinal();
        w.aligned = true;
        w.layerName = r.getString(5);
        w.siteKind = r.getString(6);
        // Every probe writes all six relations, so each relation's count is the layer's number of measurements.
        w.measurements = Math.max(w.measurements, r.getLong(7));
        w.mean[Quantity.ALIGNMENT.ordinal()][rel] = num(r, 8);
        w.mean[Quantity.NULL_ALIGNMENT.ordinal()][rel] = num(r, 9);
      } else {
        int rel = Relation.fromPair(r.getString(4)).ordinal();
        w.mean[Quantity.P.ordinal()][rel] = num(r, 8);
        w.mean[Quantity.R2.ordinal()][rel] = num(r, 9);
        w.mean[Quantity.Q.ordinal()][rel] = num(r, 10);
        w.mean[Quantity.Q_R2.ordinal()][rel] = num(r, 11);
      }
    }
    // A layer with exponents but no alignments at its point's final steps is not a layer of the phases table.
    return windows.values().stream().filter(w -> w.aligned).sorted(Comparator.comparing(w -> w.key, Key.ORDER)).toList();
  }

  private static double num(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  /** The point columns every phases row copies. */
  private static final List<String> POINT_COLUMNS = List.of("point_id", "arch", "dataset", "lr", "batch_size",
      "weight_decay", "seed", "execution_mode", "workers", "averaging_frequency", "status");

  /** One phases row, filled by column name (so no two adjacent columns can be swapped). */
  private static Object[] phaseRow(Row point, Window w, FinalValues f, PhaseClassifier classifier) {
    String status = point.getAs("status");
    PhaseClassifier.Result c = classifier.classify(f);
    boolean diverged = FinalLayer.DIVERGED_STATUS.equals(status);
    Object[] row = new Object[Table.PHASES.columns().size() - Table.PROVENANCE.size()];
    for (String copied : POINT_COLUMNS) {
      row[Table.PHASES.index(copied)] = point.getAs(copied);
    }
    row[Table.PHASES.index("layer")] = w.key.layer();
    row[Table.PHASES.index("layer_name")] = w.layerName;
    row[Table.PHASES.index("site_kind")] = w.siteKind;
    row[Table.PHASES.index("stat")] = w.key.stat();
    row[Table.PHASES.index("phase")] = diverged ? PhaseClassifier.DIVERGED : c.phase();
    row[Table.PHASES.index("signature")] = c.signature();
    row[Table.PHASES.index("phase_significant")] = diverged ? PhaseClassifier.DIVERGED : c.phaseSignificant();
    row[Table.PHASES.index("signature_significant")] = c.signatureSignificant();
    row[Table.PHASES.index("phase_one_way")] = diverged ? PhaseClassifier.DIVERGED : c.phaseOneWay();
    row[Table.PHASES.index("phase_significant_one_way")] =
        diverged ? PhaseClassifier.DIVERGED : c.phaseSignificantOneWay();
    row[Table.PHASES.index("pah_fit")] = classifier.pahFit(f, PhaseClassifier.PahTest.TWO_WAY);
    row[Table.PHASES.index("pah_fit_one_way")] = classifier.pahFit(f, PhaseClassifier.PahTest.ONE_WAY);
    row[Table.PHASES.index("measurements")] = (int) w.measurements;
    for (Quantity q : Quantity.values()) {
      RelationValues values = q.of(f);
      for (Relation rel : Relation.values()) {
        row[q.column(rel)] = values.get(rel);
      }
    }
    return row;
  }

  /** The temporary view of each point's first final step ({@link #registerFinalSteps}). */
  static final String FINAL_STEPS_VIEW = "crh_final_steps";

  /**
   * Registers {@link #FINAL_STEPS_VIEW}: for each point of the sweep with alignment rows, the first step of its final
   * window (its probe steps in descending order, the first max(1, ceil(n x fraction)) of them: every step from the
   * returned one on). One small query; the window is chosen here, so the averaging query reads each table once.
   */
  private void registerFinalSteps(String sweep, double fraction) {
    BigDecimal share = BigDecimal.valueOf(fraction);
    List<Row> first = new ArrayList<>();
    for (Row r : spark.sql("SELECT point_id, SORT_ARRAY(COLLECT_SET(step), false) AS steps FROM alignment WHERE "
        + "sweep = '" + sweep.replace("'", "''") + "' GROUP BY point_id").collectAsList()) {
      List<Long> steps = r.getList(1);
      first.add(RowFactory.create(r.getString(0), steps.get(finalCount(steps.size(), share) - 1)));
    }
    StructType schema = new StructType().add("point_id", DataTypes.StringType).add("first_step", DataTypes.LongType);
    spark.createDataFrame(first, schema).createOrReplaceTempView(FINAL_STEPS_VIEW);
  }

  /** How many of n probe steps the final window holds: ceil(n x fraction) in exact decimals, at least 1, at most n. */
  public static int finalCount(int n, BigDecimal fraction) {
    int k = BigDecimal.valueOf(n).multiply(fraction).setScale(0, RoundingMode.CEILING).intValueExact();
    return Math.max(1, Math.min(n, k));
  }

  /**
   * Per (point, layer, stat, relation), the mean over the point's final measurements ({@link #FINAL_STEPS_VIEW}):
   * alignments and chance levels (kind {@code a}, v1 and v2), and the exponent fits of the same pair (kind
   * {@code e}: p, R², q and the reverse fit's R² in v1..v4). The layer's name and kind are grouped by, not
   * aggregated (they follow from the point and layer): an aggregate of a string column would make Spark sort every
   * row instead of hashing.
   */
  static String finalValuesSql(String sweep) {
    String labels = Arrays.stream(Relation.values()).map(r -> "'" + r.label() + "'").collect(Collectors.joining(", "));
    String pairs = Arrays.stream(Relation.values()).map(r -> "'" + r.pair() + "'").collect(Collectors.joining(", "));
    String s = sweep.replace("'", "''");
    return String.format(Locale.ROOT, """
        SELECT 'a' AS kind, a.point_id, a.layer, a.stat, a.relation AS key, a.layer_name, a.site_kind,
               COUNT(*) AS n, AVG(a.alignment) AS v1, AVG(a.null_alignment) AS v2,
               CAST(NULL AS DOUBLE) AS v3, CAST(NULL AS DOUBLE) AS v4
        FROM alignment a JOIN %4$s f ON a.point_id = f.point_id AND a.step >= f.first_step
        WHERE a.sweep = '%1$s' AND a.relation IN (%2$s)
        GROUP BY a.point_id, a.layer, a.stat, a.relation, a.layer_name, a.site_kind
        UNION ALL
        SELECT 'e', e.point_id, e.layer, e.stat, e.pair, NULL, NULL, COUNT(*), AVG(e.p), AVG(e.r2), AVG(e.q),
               AVG(e.q_r2)
        FROM exponents e JOIN %4$s f ON e.point_id = f.point_id AND e.step >= f.first_step
        WHERE e.sweep = '%1$s' AND e.pair IN (%3$s)
        GROUP BY e.point_id, e.layer, e.stat, e.pair
        """, s, labels, pairs, FINAL_STEPS_VIEW);
  }
}
