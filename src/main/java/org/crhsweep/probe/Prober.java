package org.crhsweep.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The science core's measurement: from one layer's probe-set sample, the six matrices, the six
 * alignments with their chance levels, the six exponent fits and the six matrices' norms and traces,
 * for each requested statistic.
 * Random rotations for the null are drawn once per dimension from the seed and reused at every
 * step, so successive measurements of a run share one null.
 */
public final class Prober {

  private static final Set<Relation.Matrix> WEIGHT_GRAMS = EnumSet.of(Relation.Matrix.Z_A, Relation.Matrix.Z_B);

  private final List<Stat> stats;
  private final int nullRotations;
  private final double eigenCutoff;
  private final long seed;
  private final Map<Integer, Rotations> rotations = new HashMap<>();

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
    List<MatrixMoment> moments = new ArrayList<>();
    // Per matrix: its flattening, B's eigendecomposition (one B serves several relations) and its rotated
    // copies. Z_a and Z_b do not depend on the statistic, so theirs carry over from one statistic to the next.
    Map<Relation.Matrix, double[]> flat = new EnumMap<>(Relation.Matrix.class);
    Map<Relation.Matrix, SymmetricEigen> eig = new EnumMap<>(Relation.Matrix.class);
    Map<Relation.Matrix, double[]> vectors = new EnumMap<>(Relation.Matrix.class);
    Map<Relation.Matrix, double[]> rotated = new EnumMap<>(Relation.Matrix.class);
    for (Stat stat : stats) {
      for (Map<Relation.Matrix, ?> cache : List.of(flat, eig, vectors, rotated)) {
        cache.keySet().retainAll(WEIGHT_GRAMS);
      }
      // Each matrix is computed once in ND4J and flattened once; the statistics run on the flat arrays.
      Map<Relation.Matrix, INDArray> m = new EnumMap<>(Relation.Matrix.class);
      m.put(Relation.Matrix.Z_A, zA);
      m.put(Relation.Matrix.Z_B, zB);
      m.put(Relation.Matrix.H_A, Moments.secondMoment(s.hA(), stat));
      m.put(Relation.Matrix.G_A, Moments.secondMoment(s.gA(), stat));
      m.put(Relation.Matrix.H_B, Moments.secondMoment(s.hB(), stat));
      m.put(Relation.Matrix.G_B, Moments.secondMoment(s.gB(), stat));
      for (Relation.Matrix k : Relation.Matrix.values()) {
        double[] x = flat.computeIfAbsent(k, key -> Alignment.flat(m.get(key)));
        moments.add(new MatrixMoment(k, stat, Alignment.norm(x), Alignment.trace(x, (int) m.get(k).rows())));
      }
      for (Relation r : Relation.values()) {
        INDArray a = m.get(r.a());
        INDArray b = m.get(r.b());
        double[] fa = flat.get(r.a());
        double[] fb = flat.get(r.b());
        int d = (int) b.rows();
        double[] nulls = rotated.computeIfAbsent(r.b(), k -> rotate(b));
        alignments.add(new AlignmentValue(r, stat, Alignment.pearson(fa, fb), Alignment.cosine(fa, fb),
            nullPearson(fa, nulls), Alignment.nullCosine(fa, fb, d)));
        SymmetricEigen eb = eig.computeIfAbsent(r.b(), k -> SymmetricEigen.of(fb, d));
        double[] v = vectors.computeIfAbsent(r.b(), k -> Alignment.flat(eb.vectors()));
        exponents.add(new ExponentValue(r, stat, ExponentFit.fit(a, fa, eb, v, eigenCutoff)));
      }
    }
    return new LayerProbe(s.layer(), s.name(), s.kind(), alignments, exponents, moments);
  }

  /**
   * Mean of α(A, Q B Qᵀ) over the seeded rotations; NaN when the null is off. All R rotations go
   * through two batched products and one transfer, not R separate rounds of small ops.
   */
  double nullPearson(INDArray a, INDArray b) {
    if (nullRotations == 0) {
      return Double.NaN;
    }
    return nullPearson(Alignment.flat(a), rotate(b));
  }

  /** Q_r B Q_rᵀ for every rotation, flattened and concatenated (R·d² entries); null when the null is off. */
  private double[] rotate(INDArray b) {
    if (nullRotations == 0) {
      return null;
    }
    int d = (int) b.rows();
    Rotations rot = rotationsFor(d);
    INDArray qb = rot.stacked().mmul(b).reshape(nullRotations, d, d);
    return Alignment.flat(Nd4j.matmul(qb, rot.transposed()));
  }

  private double nullPearson(double[] a, double[] rotated) {
    if (rotated == null) {
      return Double.NaN;
    }
    int entries = a.length;
    double sum = 0;
    int counted = 0;
    for (int r = 0; r < nullRotations; r++) {
      double alpha = Alignment.pearson(a, rotated, r * entries);
      if (!Double.isNaN(alpha)) {
        sum += alpha;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** The rotations of one dimension: each Q_r, Q_1..Q_R stacked by rows, and the stack of Q_rᵀ. */
  record Rotations(List<INDArray> each, INDArray stacked, INDArray transposed) {}

  Rotations rotationsFor(int d) {
    return rotations.computeIfAbsent(d, dim -> {
      List<INDArray> qs = new ArrayList<>(nullRotations);
      INDArray stacked = Nd4j.create(DataType.DOUBLE, (long) nullRotations * dim, dim);
      INDArray transposed = Nd4j.create(DataType.DOUBLE, nullRotations, dim, dim);
      for (int r = 0; r < nullRotations; r++) {
        INDArray q = SymmetricEigen.randomOrthogonal(dim, seed * 1_000_003L + dim * 31L + r);
        qs.add(q);
        stacked.get(NDArrayIndex.interval((long) r * dim, (long) (r + 1) * dim), NDArrayIndex.all()).assign(q);
        transposed.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.all()).assign(q.transpose());
      }
      return new Rotations(List.copyOf(qs), stacked, transposed);
    });
  }
}
