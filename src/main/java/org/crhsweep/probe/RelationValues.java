package org.crhsweep.probe;

import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;

/**
 * One number per {@link Relation} (an alignment, a chance level, an exponent...), read by relation,
 * never by position: immutable, NaN where a value is missing. Iteration and {@link #stream()} follow
 * {@code Relation.values()}.
 */
public final class RelationValues {

  private static final Relation[] RELATIONS = Relation.values();
  private static final RelationValues MISSING = of(r -> Double.NaN);

  private final double[] values;

  private RelationValues(double[] values) {
    this.values = values;
  }

  /** The value of each relation from a function of it. */
  public static RelationValues of(ToDoubleFunction<Relation> value) {
    double[] v = new double[RELATIONS.length];
    for (Relation r : RELATIONS) {
      v[r.ordinal()] = value.applyAsDouble(r);
    }
    return new RelationValues(v);
  }

  /** The same value for every relation. */
  public static RelationValues constant(double value) {
    return of(r -> value);
  }

  /** Every value missing (NaN). */
  public static RelationValues missing() {
    return MISSING;
  }

  public double get(Relation r) {
    return values[r.ordinal()];
  }

  /** Each value through {@code f}. */
  public RelationValues map(DoubleUnaryOperator f) {
    return of(r -> f.applyAsDouble(get(r)));
  }

  /** The values in relation order. */
  public DoubleStream stream() {
    return Arrays.stream(values);
  }

  /** The mean of the values that are not NaN; NaN when all are. */
  public double meanOfPresent() {
    return stream().filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelationValues other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner s = new StringJoiner(", ", "{", "}");
    for (Relation r : RELATIONS) {
      s.add(r.label() + "=" + get(r));
    }
    return s.toString();
  }
}
