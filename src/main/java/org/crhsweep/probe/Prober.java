package org.crhsweep.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The science core's measurement: from one layer's probe-set sample, the six matrices, the six
 * alignments with their chance levels, and the six exponent fits, for each requested statistic.
 * Random rotations for the null are drawn once per dimension from the seed and reused at every
 * step, so successive measurements of a run share one null.
 */
public final class Prober {

  private final List<Stat> stats;
  private final int nullRotations;
  private final double eigenCutoff;
  private final long seed;
  private final Map<Integer, List<INDArray>> rotations = new HashMap<>();

  public Prober(List<Stat> stats, int nullRotations, double eigenCutoff, long seed) {
    if (stats.isEmpty()) {
      throw new IllegalArgumentException("probe.stats must not be empty");
    }
    if (nullRotations < 0) {
      throw new IllegalArgumentException("probe.null_rotations must be >= 0, got " + nullRotations);
    }
    this.stats = List.copyOf(stats);
    this.nullRotations = nullRotations;
    this.eigenCutoff = eigenCutoff;
    this.seed = seed;
  }

  public LayerProbe probe(LayerSample raw) {
    LayerSample s = raw.inDouble();
    INDArray zA = s.zA();
    INDArray zB = s.zB();
    List<AlignmentValue> alignments = new ArrayList<>();
    List<ExponentValue> exponents = new ArrayList<>();
    for (Stat stat : stats) {
      Map<Relation.Matrix, INDArray> m = new EnumMap<>(Relation.Matrix.class);
      m.put(Relation.Matrix.Z_A, zA);
      m.put(Relation.Matrix.Z_B, zB);
      m.put(Relation.Matrix.H_A, Moments.secondMoment(s.hA(), stat));
      m.put(Relation.Matrix.G_A, Moments.secondMoment(s.gA(), stat));
      m.put(Relation.Matrix.H_B, Moments.secondMoment(s.hB(), stat));
      m.put(Relation.Matrix.G_B, Moments.secondMoment(s.gB(), stat));
      Map<Relation.Matrix, SymmetricEigen> eig = new EnumMap<>(Relation.Matrix.class);
      for (Relation r : Relation.values()) {
        INDArray a = m.get(r.a());
        INDArray b = m.get(r.b());
        alignments.add(new AlignmentValue(r, stat, Alignment.pearson(a, b), Alignment.cosine(a, b),
            nullPearson(a, b), nullRotations == 0 ? Double.NaN : Alignment.nullCosine(a, b)));
        SymmetricEigen eb = eig.computeIfAbsent(r.b(), k -> SymmetricEigen.of(b));
        exponents.add(new ExponentValue(r, stat, ExponentFit.fit(a, eb, eigenCutoff)));
      }
    }
    return new LayerProbe(s.layer(), s.name(), alignments, exponents);
  }

  /** Mean of α(A, Q B Qᵀ) over the seeded rotations; NaN when the null is off. */
  double nullPearson(INDArray a, INDArray b) {
    if (nullRotations == 0) {
      return Double.NaN;
    }
    int d = (int) b.rows();
    double sum = 0;
    int counted = 0;
    for (INDArray q : rotationsFor(d)) {
      double v = Alignment.pearson(a, q.mmul(b).mmul(q.transpose()));
      if (!Double.isNaN(v)) {
        sum += v;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  private List<INDArray> rotationsFor(int d) {
    return rotations.computeIfAbsent(d, dim -> {
      List<INDArray> qs = new ArrayList<>(nullRotations);
      for (int r = 0; r < nullRotations; r++) {
        qs.add(SymmetricEigen.randomOrthogonal(dim, seed * 1_000_003L + dim * 31L + r));
      }
      return qs;
    });
  }
}
