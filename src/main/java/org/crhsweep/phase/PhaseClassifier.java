package org.crhsweep.phase;

import org.crhsweep.spec.PhaseSpec;

/**
 * The phase of a layer (docs/science.md, "Phases"), under the paper's plain reading (α ≥
 * threshold) and the significant one (also α − null ≥ margin):
 * <ul>
 *   <li>CRH: all six relations hold;
 *   <li>PAH: not CRH, and every relation that fails has a power law far from proportional,
 *       |p − 1| > exponent_tolerance with R² ≥ min_r2;
 *   <li>unaligned: neither.
 * </ul>
 * A diverged run is classified by its status, not here.
 */
public final class PhaseClassifier {

  public static final String CRH = "CRH";
  public static final String PAH = "PAH";
  public static final String UNALIGNED = "unaligned";
  public static final String DIVERGED = "diverged";

  private final PhaseSpec spec;

  public PhaseClassifier(PhaseSpec spec) {
    this.spec = spec;
  }

  /** Phase and signature under both readings. */
  public record Result(String phase, String signature, String phaseSignificant, String signatureSignificant) {}

  public Result classify(LayerFinal f) {
    boolean[] plain = plain(f);
    boolean[] significant = new boolean[6];
    for (int r = 0; r < 6; r++) {
      double nul = f.nullAlignment()[r];
      significant[r] = plain[r] && (Double.isNaN(nul) || f.alignment()[r] - nul >= spec.margin());
    }
    return new Result(phase(plain, f), signature(plain), phase(significant, f), signature(significant));
  }

  /** The 6-bit signature, e.g. {@code 100010}: which relations hold, in relation order. */
  public static String signature(boolean[] holds) {
    StringBuilder sb = new StringBuilder(6);
    for (boolean h : holds) {
      sb.append(h ? '1' : '0');
    }
    return sb.toString();
  }

  private String phase(boolean[] holds, LayerFinal f) {
    boolean all = true;
    for (boolean h : holds) {
      all &= h;
    }
    if (all) {
      return CRH;
    }
    return brokenFollowPowerLaws(holds, f) ? PAH : UNALIGNED;
  }

  /** The PAH criterion under the plain reading: every relation below threshold has its power law. */
  public boolean pahFit(LayerFinal f) {
    return brokenFollowPowerLaws(plain(f), f);
  }

  private boolean[] plain(LayerFinal f) {
    boolean[] holds = new boolean[6];
    for (int r = 0; r < 6; r++) {
      holds[r] = f.alignment()[r] >= spec.threshold();
    }
    return holds;
  }

  private boolean brokenFollowPowerLaws(boolean[] holds, LayerFinal f) {
    boolean powerLaws = true;
    for (int r = 0; r < 6; r++) {
      if (!holds[r]) {
        powerLaws &= isPowerLaw(f, r);
      }
    }
    return powerLaws;
  }

  /** Whether relation r's pair follows a power law clearly different from proportionality. */
  boolean isPowerLaw(LayerFinal f, int r) {
    double p = f.p()[r];
    double r2 = f.r2()[r];
    return Double.isFinite(p) && Double.isFinite(r2) && Math.abs(p - 1) > spec.exponentTolerance()
        && r2 >= spec.minR2();
  }
}
