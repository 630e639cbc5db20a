package org.crhsweep.analysis;

import java.util.Objects;
import org.crhsweep.probe.Relation;

/**
 * Alignment against training step for one point, layer, stat and relation, with the chance level
 * (null_alignment) measured at each step; NaN values are gaps.
 */
public record Curve(
    String pointId,
    String label,
    int layer,
    String layerName,
    String stat,
    String relation,
    long[] steps,
    double[] alignment,
    double[] nullAlignment) {

  public Curve {
    Objects.requireNonNull(pointId, "pointId");
    Objects.requireNonNull(stat, "stat");
    Relation.fromLabel(Objects.requireNonNull(relation, "relation"));
    label = label == null ? pointId : label;
    layerName = layerName == null ? "layer " + layer : layerName;
    steps = steps == null ? new long[0] : steps.clone();
    alignment = alignment == null ? new double[0] : alignment.clone();
    if (steps.length != alignment.length) {
      throw new IllegalArgumentException(
          "Invalid curve for point " + pointId + ": " + steps.length + " steps but " + alignment.length
              + " alignments (must be equal)");
    }
    if (nullAlignment == null) {
      nullAlignment = new double[steps.length];
      java.util.Arrays.fill(nullAlignment, Double.NaN);
    } else if (nullAlignment.length != steps.length) {
      throw new IllegalArgumentException(
          "Invalid curve for point " + pointId + ": " + steps.length + " steps but " + nullAlignment.length
              + " chance levels (must be equal)");
    } else {
      nullAlignment = nullAlignment.clone();
    }
  }

  /** A curve without chance levels (a sweep run with the null turned off). */
  public Curve(String pointId, String label, int layer, String layerName, String stat, String relation, long[] steps,
      double[] alignment) {
    this(pointId, label, layer, layerName, stat, relation, steps, alignment, null);
  }

  @Override
  public long[] steps() {
    return steps.clone();
  }

  @Override
  public double[] alignment() {
    return alignment.clone();
  }

  @Override
  public double[] nullAlignment() {
    return nullAlignment.clone();
  }

  /** The chance level at measurement i (NaN when not recorded), without copying the array. */
  public double nullAlignment(int i) {
    return nullAlignment[i];
  }

  /** Number of measurements. */
  public int size() {
    return steps.length;
  }

  /** The step of measurement i, without copying the array. */
  public long step(int i) {
    return steps[i];
  }

  /** The alignment of measurement i (NaN for a gap), without copying the array. */
  public double alignment(int i) {
    return alignment[i];
  }
}
