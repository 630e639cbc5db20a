package org.crhsweep.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Values on the learning-rate x weight-decay plane of a phase diagram, one cell per distinct pair;
 * a null cell is missing. Axes are the distinct values, sorted ascending and evenly spaced.
 */
final class LrWdGrid<T> {

  private final List<Double> lrs;
  private final List<Double> wds;
  private final List<T> cells;
  private final String xLabel;

  private LrWdGrid(List<Double> lrs, List<Double> wds, List<T> cells, String xLabel) {
    this.lrs = lrs;
    this.wds = wds;
    this.cells = cells;
    this.xLabel = xLabel;
  }

  /** A grid over the given axis values with cell (lr, wd) computed by {@code cell}. */
  static <T> LrWdGrid<T> of(Collection<Double> lrs, Collection<Double> wds, BiFunction<Double, Double, T> cell) {
    List<Double> xs = List.copyOf(new TreeSet<>(lrs));
    List<Double> ys = List.copyOf(new TreeSet<>(wds));
    List<T> cells = new ArrayList<>(xs.size() * ys.size());
    for (double wd : ys) {
      for (double lr : xs) {
        cells.add(cell.apply(lr, wd));
      }
    }
    return new LrWdGrid<>(xs, ys, cells, "learning rate");
  }

  /** The same grid with another name for its x axis (e.g. the noise scale lr / batch size). */
  LrWdGrid<T> withXLabel(String label) {
    return new LrWdGrid<>(lrs, wds, cells, label);
  }

  String xLabel() {
    return xLabel;
  }

  List<Double> lrs() {
    return lrs;
  }

  List<Double> wds() {
    return wds;
  }

  /** The mean of a grid of numbers over its present cells; NaN when none is. */
  static double mean(LrWdGrid<Double> grid) {
    double sum = 0;
    int n = 0;
    for (Double v : grid.cells) {
      if (v != null && !Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The cell at learning-rate index {@code i} and weight-decay index {@code j}, or null. */
  T at(int i, int j) {
    return cells.get(j * lrs.size() + i);
  }
}
