package org.crhsweep.phase;

/**
 * One layer's end-of-run values under one statistic, each array in relation order f-RWA f-GWA f-RGA
 * b-RWA b-GWA b-RGA: alignments α, their chance levels, and the fitted exponent p and R² of the same
 * pair, all averaged over the final fraction of measurements.
 */
public record LayerFinal(double[] alignment, double[] nullAlignment, double[] p, double[] r2) {

  public LayerFinal {
    for (double[] a : new double[][] {alignment, nullAlignment, p, r2}) {
      if (a.length != 6) {
        throw new IllegalArgumentException("need 6 values (one per relation), got " + a.length);
      }
    }
    alignment = alignment.clone();
    nullAlignment = nullAlignment.clone();
    p = p.clone();
    r2 = r2.clone();
  }
}
