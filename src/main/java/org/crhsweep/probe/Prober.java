package org.crhsweep.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crhsweep.linalg.HostBlas;
import org.crhsweep.linalg.HostMemory;
import org.crhsweep.linalg.SymmetricEigen;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The science core's measurement: from one layer's probe-set sample, the six matrices, the six
 * alignments with their chance levels, the six exponent fits (each pair both ways) and the six matrices'
 * norms and traces, for each requested statistic.
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
    double[] hA = HostMemory.rowMajor(s.hA());
    double[] gA = HostMemory.rowMajor(s.gA());
    double[] hB = HostMemory.rowMajor(s.hB());
    double[] gB = HostMemory.rowMajor(s.gB());
    double[] w = HostMemory.rowMajor(s.w());
    List<AlignmentValue> alignments = new ArrayList<>();
    List<ExponentValue> exponents = new ArrayList<>();
    List<MatrixMoment> moments = new ArrayList<>();
    Map<Relation.Matrix, double[]> m = new EnumMap<>(Relation.Matrix.class);
    m.put(Relation.Matrix.Z_A, HostBlas.gram(w, dOut, dIn, 1.0));
    m.put(Relation.Matrix.Z_B, HostBlas.outerGram(w, dOut, dIn, 1.0));
    // Per matrix: its eigendecomposition, once per probe (statistic) and shared by every fit in its basis (the
    // forward fit A ∝ B^p uses B's, the reverse B ∝ A^q uses A's; Z_a and Z_b carry over between statistics).
    // Per matrix A: its rotated copies
    // Q_rᵀ A Q_r, which give the null α(A, Q_r B Q_rᵀ) (see nullPearson): A is Z_a or Z_b in four of the six
    // relations, and those do not depend on the statistic, so their rotations carry over from one to the next.
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
        double[][] aRotated = rotated.computeIfAbsent(r.a(), k -> rotate(fa, d));
        alignments.add(new AlignmentValue(r, stat, Alignment.pearson(fa, fb), Alignment.cosine(fa, fb),
            nullPearson(fa, aRotated, fb, d), Alignment.nullCosine(fa, fb, d)));
        SymmetricEigen eb = eig.computeIfAbsent(r.b(), k -> SymmetricEigen.of(fb, d));
        SymmetricEigen ea = eig.computeIfAbsent(r.a(), k -> SymmetricEigen.of(fa, d));
        exponents.add(new ExponentValue(r, stat, ExponentFit.fit(fa, eb, eigenCutoff),
            ExponentFit.fit(fb, ea, eigenCutoff)));
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
    int d = (int) b.rows();
    double[] fa = HostMemory.rowMajor(a);
    return nullPearson(fa, rotate(fa, d), HostMemory.rowMajor(b), d);
  }

  /** Q_rᵀ A Q_r for every rotation r, each flattened row-major; null when the null is off. */
  private double[][] rotate(double[] a, int d) {
    if (nullRotations == 0) {
      return null;
    }
    Rotations rot = rotationsFor(d);
    double[][] out = new double[nullRotations][];
    for (int r = 0; r < nullRotations; r++) {
      double[] q = rot.flat().get(r);
      double[] qa = HostBlas.gemm(q, d, d, true, a, d, d, false, 1.0);
      out[r] = HostBlas.gemm(qa, d, d, false, q, d, d, false, 1.0);
    }
    return out;
  }

  /**
   * Mean over r of α(A, C_r), C_r = Q_r B Q_rᵀ, without forming C_r: its entries' sum is u_rᵀ B u_r with
   * u_r = Q_rᵀ 1, its Frobenius norm is B's, and ⟨A, C_r⟩ = ⟨Q_rᵀ A Q_r, B⟩ from A's rotations ({@code
   * aRotated}), which one A shares across relations and the weight Grams across statistics.
   */
  private double nullPearson(double[] a, double[][] aRotated, double[] b, int d) {
    if (aRotated == null) {
      return Double.NaN;
    }
    double entries = (double) d * d;
    double meanA = Alignment.mean(a);
    double varA = 0;
    for (double x : a) {
      varA += (x - meanA) * (x - meanA);
    }
    varA /= entries;
    double normB = Alignment.norm(b);
    double meanSqC = normB * normB / entries;
    List<double[]> sums = rotationsFor(d).columnSums();
    double sum = 0;
    int counted = 0;
    for (int r = 0; r < aRotated.length; r++) {
      double meanC = quadratic(sums.get(r), b, d) / entries;
      double varC = meanSqC - meanC * meanC;
      double cross = 0;
      double[] ar = aRotated[r];
      for (int i = 0; i < ar.length; i++) {
        cross += ar[i] * b[i];
      }
      if (varA > 0 && varC > 0) {
        double alpha = (cross / entries - meanA * meanC) / Math.sqrt(varA * varC);
        sum += Math.max(-1.0, Math.min(1.0, alpha));
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** uᵀ B u for a flattened d x d matrix B. */
  private static double quadratic(double[] u, double[] b, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      double row = 0;
      for (int j = 0; j < d; j++) {
        row += b[i * d + j] * u[j];
      }
      s += u[i] * row;
    }
    return s;
  }

  /** The rotations of one dimension: each Q_r, the same flattened row-major, and each u_r = Q_rᵀ 1. */
  record Rotations(List<INDArray> each, List<double[]> flat, List<double[]> columnSums) {}

  Rotations rotationsFor(int d) {
    return rotations.computeIfAbsent(d, dim -> {
      List<INDArray> qs = new ArrayList<>(nullRotations);
      List<double[]> flat = new ArrayList<>(nullRotations);
      List<double[]> sums = new ArrayList<>(nullRotations);
      for (int r = 0; r < nullRotations; r++) {
        INDArray q = SymmetricEigen.randomOrthogonal(dim, seed * 1_000_003L + dim * 31L + r);
        double[] f = HostMemory.rowMajor(q);
        double[] u = new double[dim];
        for (int i = 0; i < dim; i++) {
          for (int j = 0; j < dim; j++) {
            u[j] += f[i * dim + j];
          }
        }
        qs.add(q);
        flat.add(f);
        sums.add(u);
      }
      return new Rotations(List.copyOf(qs), List.copyOf(flat), List.copyOf(sums));
    });
  }
}
