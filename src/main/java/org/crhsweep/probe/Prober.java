package org.crhsweep.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

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

  public LayerProbe probe(LayerSample s) {
    int n = (int) s.hA().rows();
    int dIn = s.dIn();
    int dOut = s.dOut();
    // Everything below works on row-major double copies taken once (HostBlas: one BLAS/LAPACK call per
    // product or eigendecomposition, no ND4J op set-up per small matrix).
    double[] hA = Alignment.flat(s.hA());
    double[] gA = Alignment.flat(s.gA());
    double[] hB = Alignment.flat(s.hB());
    double[] gB = Alignment.flat(s.gB());
    double[] w = Alignment.flat(s.w());
    List<AlignmentValue> alignments = new ArrayList<>();
    List<ExponentValue> exponents = new ArrayList<>();
    List<MatrixMoment> moments = new ArrayList<>();
    Map<Relation.Matrix, double[]> m = new EnumMap<>(Relation.Matrix.class);
    m.put(Relation.Matrix.Z_A, HostBlas.gram(w, dOut, dIn, 1.0));
    m.put(Relation.Matrix.Z_B, HostBlas.outerGram(w, dOut, dIn, 1.0));
    // Per matrix B: its eigendecomposition (one B serves several relations) and its rotated copies. Z_a and
    // Z_b do not depend on the statistic, so theirs would carry over from one statistic to the next.
    Map<Relation.Matrix, SymmetricEigen> eig = new EnumMap<>(Relation.Matrix.class);
    Map<Relation.Matrix, double[][]> rotated = new EnumMap<>(Relation.Matrix.class);
    for (Stat stat : stats) {
      eig.keySet().retainAll(WEIGHT_GRAMS);
      rotated.keySet().retainAll(WEIGHT_GRAMS);
      m.put(Relation.Matrix.H_A, Moments.secondMoment(hA, n, dIn, stat));
      m.put(Relation.Matrix.G_A, Moments.secondMoment(gA, n, dIn, stat));
      m.put(Relation.Matrix.H_B, Moments.secondMoment(hB, n, dOut, stat));
      m.put(Relation.Matrix.G_B, Moments.secondMoment(gB, n, dOut, stat));
      for (Relation.Matrix k : Relation.Matrix.values()) {
        double[] x = m.get(k);
        moments.add(new MatrixMoment(k, stat, Alignment.norm(x), Alignment.trace(x, dim(k, dIn, dOut))));
      }
      for (Relation r : Relation.values()) {
        double[] fa = m.get(r.a());
        double[] fb = m.get(r.b());
        int d = dim(r.b(), dIn, dOut);
        double[][] nulls = rotated.computeIfAbsent(r.b(), k -> rotate(fb, d));
        alignments.add(new AlignmentValue(r, stat, Alignment.pearson(fa, fb), Alignment.cosine(fa, fb),
            nullPearson(fa, nulls), Alignment.nullCosine(fa, fb, d)));
        SymmetricEigen eb = eig.computeIfAbsent(r.b(), k -> SymmetricEigen.of(fb, d));
        exponents.add(new ExponentValue(r, stat, ExponentFit.fit(fa, eb, eigenCutoff)));
      }
    }
    return new LayerProbe(s.layer(), s.name(), s.kind(), alignments, exponents, moments);
  }

  /** The side of a matrix decides its size: d_in for H_a, G_a, Z_a; d_out for H_b, G_b, Z_b. */
  private static int dim(Relation.Matrix k, int dIn, int dOut) {
    return switch (k) {
      case H_A, G_A, Z_A -> dIn;
      case H_B, G_B, Z_B -> dOut;
    };
  }

  /** Mean of α(A, Q B Qᵀ) over the seeded rotations; NaN when the null is off. */
  double nullPearson(INDArray a, INDArray b) {
    return nullPearson(Alignment.flat(a), rotate(Alignment.flat(b), (int) b.rows()));
  }

  /** Q_r B Q_rᵀ for every rotation r, each flattened row-major; null when the null is off. */
  private double[][] rotate(double[] b, int d) {
    if (nullRotations == 0) {
      return null;
    }
    Rotations rot = rotationsFor(d);
    double[][] out = new double[nullRotations][];
    for (int r = 0; r < nullRotations; r++) {
      double[] q = rot.flat().get(r);
      double[] qb = HostBlas.gemm(q, d, d, false, b, d, d, false, 1.0);
      out[r] = HostBlas.gemm(qb, d, d, false, q, d, d, true, 1.0);
    }
    return out;
  }

  private double nullPearson(double[] a, double[][] rotated) {
    if (rotated == null) {
      return Double.NaN;
    }
    double sum = 0;
    int counted = 0;
    for (double[] qbq : rotated) {
      double alpha = Alignment.pearson(a, qbq);
      if (!Double.isNaN(alpha)) {
        sum += alpha;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** The rotations of one dimension: each Q_r, and the same flattened row-major. */
  record Rotations(List<INDArray> each, List<double[]> flat) {}

  Rotations rotationsFor(int d) {
    return rotations.computeIfAbsent(d, dim -> {
      List<INDArray> qs = new ArrayList<>(nullRotations);
      List<double[]> flat = new ArrayList<>(nullRotations);
      for (int r = 0; r < nullRotations; r++) {
        INDArray q = SymmetricEigen.randomOrthogonal(dim, seed * 1_000_003L + dim * 31L + r);
        qs.add(q);
        flat.add(Alignment.flat(q));
      }
      return new Rotations(List.copyOf(qs), List.copyOf(flat));
    });
  }
}
