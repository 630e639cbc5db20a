package org.crhsweep.phase;

import java.util.EnumSet;
import java.util.Set;
import org.crhsweep.probe.Relation;
import org.crhsweep.spec.PhaseSpec;

/**
 * The phase of a layer (docs/science.md, "Phases"), under the paper's plain reading (α ≥
 * threshold) and the significant one (also α − null ≥ margin):
 * <ul>
 *   <li>CRH: every relation holds;
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
    Set<Relation> plain = plain(f);
    Set<Relation> significant = EnumSet.noneOf(Relation.class);
    for (Relation r : plain) {
      double nul = f.nullAlignment().get(r);
      if (Double.isNaN(nul) || f.alignment().get(r) - nul >= spec.margin()) {
        significant.add(r);
      }
    }
    return new Result(phase(plain, f), signature(plain), phase(significant, f), signature(significant));
  }

  /** The signature, one bit per relation in relation order, e.g. {@code 100010}: which relations hold. */
  public static String signature(Set<Relation> holds) {
    StringBuilder sb = new StringBuilder(Relation.values().length);
    for (Relation r : Relation.values()) {
      sb.append(holds.contains(r) ? '1' : '0');
    }
    return sb.toString();
  }

  private String phase(Set<Relation> holds, LayerFinal f) {
    if (holds.size() == Relation.values().length) {
      return CRH;
    }
    return brokenFollowPowerLaws(holds, f) ? PAH : UNALIGNED;
  }

  /** The PAH criterion under the plain reading: every relation below threshold has its power law. */
  public boolean pahFit(LayerFinal f) {
    return brokenFollowPowerLaws(plain(f), f);
  }

  private Set<Relation> plain(LayerFinal f) {
    Set<Relation> holds = EnumSet.noneOf(Relation.class);
    for (Relation r : Relation.values()) {
      if (f.alignment().get(r) >= spec.threshold()) {
        holds.add(r);
      }
    }
    return holds;
  }

  private boolean brokenFollowPowerLaws(Set<Relation> holds, LayerFinal f) {
    boolean powerLaws = true;
    for (Relation r : Relation.values()) {
      if (!holds.contains(r)) {
        powerLaws &= isPowerLaw(f, r);
      }
    }
    return powerLaws;
  }

  /** Whether relation r's pair follows a power law clearly different from proportionality. */
  boolean isPowerLaw(LayerFinal f, Relation r) {
    double p = f.p().get(r);
    double r2 = f.r2().get(r);
    return Double.isFinite(p) && Double.isFinite(r2) && Math.abs(p - 1) > spec.exponentTolerance()
        && r2 >= spec.minR2();
  }
}
