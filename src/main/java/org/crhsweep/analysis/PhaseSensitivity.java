package org.crhsweep.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.phase.FinalLayer;
import org.crhsweep.phase.PhaseClassifier;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;

/**
 * A sweep's phase counts recomputed from its stored rows over a grid of thresholds (alignment threshold x
 * min_r2 x exponent_tolerance), under both readings, both PAH tests and both statistics: how much of the
 * phase diagram is the data and how much the thresholds. Every other field of the spec (margin, final
 * fraction, reciprocal tolerance) stays the sweep's, so the cell of the sweep's own thresholds is the
 * phases table.
 */
public final class PhaseSensitivity {

  private PhaseSensitivity() {}

  /** A threshold the grid varies, with the range a value must lie in (the spec's own). */
  public enum Knob {
    THRESHOLD("threshold", false, 1),
    MIN_R2("min_r2", true, 1),
    EXPONENT_TOLERANCE("exponent_tolerance", false, Double.POSITIVE_INFINITY);

    private final String label;
    private final boolean zeroAllowed;
    private final double max;

    Knob(String label, boolean zeroAllowed, double max) {
      this.label = label;
      this.zeroAllowed = zeroAllowed;
      this.max = max;
    }

    public String label() {
      return label;
    }

    /** The rule a value breaks ({@code must be in (0, 1]}), or null when it is in range. */
    public String rangeError(double v) {
      boolean ok = Double.isFinite(v) && (zeroAllowed ? v >= 0 : v > 0) && v <= max;
      if (ok) {
        return null;
      }
      return max == Double.POSITIVE_INFINITY ? "must be > 0 and finite"
          : "must be in " + (zeroAllowed ? "[0, " : "(0, ") + (max == 1 ? "1" : String.valueOf(max)) + "]";
    }
  }

  /** The values of each knob, in the order shown. */
  public record Grid(List<Double> thresholds, List<Double> minR2s, List<Double> exponentTolerances) {

    public Grid {
      thresholds = checked(Knob.THRESHOLD, thresholds);
      minR2s = checked(Knob.MIN_R2, minR2s);
      exponentTolerances = checked(Knob.EXPONENT_TOLERANCE, exponentTolerances);
    }

    /** 0.7, 0.8, 0.9 x 0.8, 0.9, 0.95 x 0.1, 0.15, 0.3: the defaults (0.8, 0.9, 0.15) in the middle. */
    public static Grid defaults() {
      return new Grid(List.of(0.7, 0.8, 0.9), List.of(0.8, 0.9, 0.95), List.of(0.1, 0.15, 0.3));
    }

    public List<Double> values(Knob knob) {
      return switch (knob) {
        case THRESHOLD -> thresholds;
        case MIN_R2 -> minR2s;
        case EXPONENT_TOLERANCE -> exponentTolerances;
      };
    }

    private static List<Double> checked(Knob knob, List<Double> values) {
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException("sensitivity grid: " + knob.label() + " needs at least one value");
      }
      for (double v : values) {
        String error = knob.rangeError(v);
        if (error != null) {
          throw new IllegalArgumentException("sensitivity grid: " + knob.label() + " " + v + " " + error);
        }
      }
      return List.copyOf(values);
    }
  }

  /** Which relations hold: the paper's plain reading (α ≥ threshold) or the significant one (also above chance). */
  public enum Reading { PLAIN, SIGNIFICANT }

  /** How a failing relation's power law is tested (docs/science.md, "Phases"). */
  public enum Test {
    TWO_WAY(PhaseClassifier.PahTest.TWO_WAY), ONE_WAY(PhaseClassifier.PahTest.ONE_WAY);

    private final PhaseClassifier.PahTest test;

    Test(PhaseClassifier.PahTest test) {
      this.test = test;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Layers of one statistic in each phase. */
  public record Counts(int crh, int pah, int unaligned, int diverged) {

    public int total() {
      return crh + pah + unaligned + diverged;
    }
  }

  /** The counts of one statistic under one reading and test at one grid point. */
  public record Cell(double threshold, double minR2, double exponentTolerance, String stat, Reading reading,
      Test test, Counts counts) {

    public Cell {
      Objects.requireNonNull(stat, "stat");
      Objects.requireNonNull(reading, "reading");
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(counts, "counts");
    }
  }

  /**
   * Every cell of the grid; {@code threshold}, {@code minR2} and {@code exponentTolerance} are the sweep's
   * own (the phases table's cell). Empty when the sweep has no classified layers.
   */
  public record Result(Grid grid, double threshold, double minR2, double exponentTolerance, List<String> stats,
      List<Cell> cells) {

    public Result {
      Objects.requireNonNull(grid, "grid");
      stats = List.copyOf(stats);
      cells = List.copyOf(cells);
    }

    public static Result none() {
      return new Result(Grid.defaults(), Double.NaN, Double.NaN, Double.NaN, List.of(), List.of());
    }

    public boolean isEmpty() {
      return cells.isEmpty();
    }

    /** The counts at one grid point; throws when the grid has no such cell. */
    public Counts counts(double t, double r2, double tol, String stat, Reading reading, Test test) {
      for (Cell c : cells) {
        if (c.threshold() == t && c.minR2() == r2 && c.exponentTolerance() == tol && c.stat().equals(stat)
            && c.reading() == reading && c.test() == test) {
          return c.counts();
        }
      }
      throw new IllegalArgumentException("no sensitivity cell (" + t + ", " + r2 + ", " + tol + ") " + stat + " "
          + reading + " " + test);
    }

    /** Whether a grid point is the sweep's own thresholds. */
    public boolean isSpec(double t, double r2, double tol) {
      return t == threshold && r2 == minR2 && tol == exponentTolerance;
    }
  }

  /** Reads the sweep's final values once (the phases job's query) and counts every cell. */
  public static Result load(SparkSession spark, ResultStore store, String sweep, PhaseSpec spec, Grid grid)
      throws IOException {
    return compute(new PhaseJob(spark, store).finals(sweep, spec.finalFraction()), spec, grid);
  }

  /** Counts every cell of the grid from the final values (plain Java). */
  public static Result compute(List<FinalLayer> finals, PhaseSpec spec, Grid grid) {
    List<String> stats = finals.stream().map(FinalLayer::stat).distinct().sorted().toList();
    List<Cell> cells = new ArrayList<>();
    for (double t : grid.thresholds()) {
      for (double r2 : grid.minR2s()) {
        for (double tol : grid.exponentTolerances()) {
          PhaseClassifier classifier = new PhaseClassifier(spec.withThresholds(t, r2, tol));
          for (String stat : stats) {
            for (Reading reading : Reading.values()) {
              for (Test test : Test.values()) {
                cells.add(new Cell(t, r2, tol, stat, reading, test, count(finals, stat, classifier, reading, test)));
              }
            }
          }
        }
      }
    }
    return new Result(grid, spec.threshold(), spec.minR2(), spec.exponentTolerance(), stats, cells);
  }

  private static Counts count(List<FinalLayer> finals, String stat, PhaseClassifier classifier, Reading reading,
      Test test) {
    int crh = 0;
    int pah = 0;
    int unaligned = 0;
    int diverged = 0;
    for (FinalLayer f : finals) {
      if (!f.stat().equals(stat)) {
        continue;
      }
      if (f.diverged()) {
        diverged++;
        continue;
      }
      switch (classifier.phase(f.values(), reading == Reading.SIGNIFICANT, test.test)) {
        case PhaseClassifier.CRH -> crh++;
        case PhaseClassifier.PAH -> pah++;
        default -> unaligned++;
      }
    }
    return new Counts(crh, pah, unaligned, diverged);
  }
}
