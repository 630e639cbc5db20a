package org.crhsweep.probe;

import java.util.Locale;

/**
 * The six CRH alignment relations in the canonical signature order f-RWA f-GWA f-RGA b-RWA b-GWA
 * b-RGA (docs/science.md). Each relation is a pair of matrices (A, B); the exponent of the same pair is
 * fitted as A ∝ B^p, and the pair label ({@code Z_a~H_a}) names that fit in the exponents table.
 */
public enum Relation {
  F_RWA("f-RWA", Matrix.Z_A, Matrix.H_A),
  F_GWA("f-GWA", Matrix.Z_A, Matrix.G_A),
  F_RGA("f-RGA", Matrix.H_A, Matrix.G_A),
  B_RWA("b-RWA", Matrix.Z_B, Matrix.H_B),
  B_GWA("b-GWA", Matrix.Z_B, Matrix.G_B),
  B_RGA("b-RGA", Matrix.H_B, Matrix.G_B);

  /** The six matrices of one layer. */
  public enum Matrix {
    H_A("H_a"), G_A("G_a"), Z_A("Z_a"), H_B("H_b"), G_B("G_b"), Z_B("Z_b");

    private final String symbol;

    Matrix(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private final String label;
  private final Matrix a;
  private final Matrix b;
  // Derived once: readers of the phases table and the final windows ask for them per row.
  private final String column;
  private final String pair;

  Relation(String label, Matrix a, Matrix b) {
    this.label = label;
    this.a = a;
    this.b = b;
    this.column = label.replace('-', '_').toLowerCase(Locale.ROOT);
    this.pair = a.symbol() + "~" + b.symbol();
  }

  /** The name in the {@code relation} column, e.g. {@code f-RWA}. */
  public String label() {
    return label;
  }

  /** The name in the phases table's per-relation columns, e.g. {@code f_rwa} (also {@code null_f_rwa}, {@code p_f_rwa}). */
  public String column() {
    return column;
  }

  public Matrix a() {
    return a;
  }

  public Matrix b() {
    return b;
  }

  /** The exponent pair label, e.g. {@code Z_a~H_a}: A ∝ B^p with A first. */
  public String pair() {
    return pair;
  }

  public static Relation fromLabel(String label) {
    for (Relation r : values()) {
      if (r.label.equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("Unknown relation '" + label + "'");
  }

  public static Relation fromPair(String pair) {
    for (Relation r : values()) {
      if (r.pair().equals(pair)) {
        return r;
      }
    }
    throw new IllegalArgumentException("Unknown pair '" + pair + "'");
  }
}
