package org.crhsweep.probe;

import java.util.List;

/** Everything the probe measured on one probe site at one step; {@code moments} may be empty. */
public record LayerProbe(int layer, String name, SiteKind kind, List<AlignmentValue> alignments,
    List<ExponentValue> exponents, List<MatrixMoment> moments) {

  public LayerProbe {
    alignments = List.copyOf(alignments);
    exponents = List.copyOf(exponents);
    moments = moments == null ? List.of() : List.copyOf(moments);
  }

  /** A measurement without matrix sizes. */
  public LayerProbe(int layer, String name, SiteKind kind, List<AlignmentValue> alignments,
      List<ExponentValue> exponents) {
    this(layer, name, kind, alignments, exponents, List.of());
  }

  public AlignmentValue alignment(Relation relation, Stat stat) {
    for (AlignmentValue v : alignments) {
      if (v.relation() == relation && v.stat() == stat) {
        return v;
      }
    }
    throw new IllegalArgumentException("no " + relation.label() + "/" + stat.label() + " in layer " + name);
  }
}
