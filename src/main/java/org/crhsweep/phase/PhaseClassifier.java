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
 *   <li>PAH: not CRH, and every relation that fails has a power law far from proportional (see {@link
 *       PahTest});
 *   <li>unaligned: neither.
 * </ul>
 * A diverged run is classified by its status, not here.
 */
public final class PhaseClassifier {

  public static final String CRH = "CRH";
  public static final String PAH = "PAH";
  public static final String UNALIGNED = "unaligned";
  public static final String DIVERGED = "diverged";

  /** How a failing relation's power law is tested. */
  public enum PahTest {
    /**
     * Both fits of the pair, A ∝ B^p in B's eigenbasis and B ∝ A^q in A's, have R² ≥ min_r2, they agree
     * (|p·q − 1| ≤ reciprocal_tolerance), and |p − 1| > exponent_tolerance: a power law holds whichever
     * matrix supplies the basis. The phase columns.
     */
    TWO_WAY,
    /** The forward fit alone (R² ≥ min_r2 and |p − 1| > exponent_tolerance): the rule before the reverse fit. */
    ONE_WAY
  }

  private final PhaseSpec spec;

  public PhaseClassifier(PhaseSpec spec) {
    this.spec = spec;
  }

  /**
   * Phase and signature under both readings with the two-way test, and the phases the one-way test gives
   * (the signatures do not depend on the test).
   */
  public record Result(String phase, String signature, String phaseSignificant, String signatureSignificant,
      String phaseOneWay, String phaseSignificantOneWay) {}

  public Result classify(FinalValues f) {
    Set<Relation> plain = plain(f);
    Set<Relation> significant = significant(f, plain);
    return new Result(phase(plain, f, PahTest.TWO_WAY), signature(plain), phase(significant, f, PahTest.TWO_WAY),
        signature(significant), phase(plain, f, PahTest.ONE_WAY), phase(significant, f, PahTest.ONE_WAY));
  }

  /** The phase under one reading ({@code significant} or plain) and one test, as the sensitivity grid counts it. */
  public String phase(FinalValues f, boolean significantReading, PahTest test) {
    Set<Relation> plain = plain(f);
    return phase(significantReading ? significant(f, plain) : plain, f, test);
  }

  /** The signature, one bit per relation in relation order, e.g. {@code 100010}: which relations hold. */
  public static String signature(Set<Relation> holds) {
    StringBuilder sb = new StringBuilder(Relation.values().length);
    for (Relation r : Relation.values()) {
      sb.append(holds.contains(r) ? '1' : '0');
    }
    return sb.toString();
  }

  private String phase(Set<Relation> holds, FinalValues f, PahTest test) {
    if (holds.size() == Relation.values().length) {
      return CRH;
    }
    return brokenFollowPowerLaws(holds, f, test) ? PAH : UNALIGNED;
  }

  /**
   * The PAH criterion under the plain reading: whether every relation below threshold has its power law;
   * null when none is below (a CRH layer has nothing to test).
   */
  public Boolean pahFit(FinalValues f, PahTest test) {
    Set<Relation> plain = plain(f);
    return plain.size() == Relation.values().length ? null : brokenFollowPowerLaws(plain, f, test);
  }

  private Set<Relation> plain(FinalValues f) {
    Set<Relation> holds = EnumSet.noneOf(Relation.class);
    for (Relation r : Relation.values()) {
      if (f.alignment().get(r) >= spec.threshold()) {
        holds.add(r);
      }
    }
    return holds;
  }

  private Set<Relation> significant(FinalValues f, Set<Relation> plain) {
    Set<Relation> significant = EnumSet.noneOf(Relation.class);
    for (Relation r : plain) {
      double nul = f.nullAlignment().get(r);
      if (Double.isNaN(nul) || f.alignment().get(r) - nul >= spec.margin()) {
        significant.add(r);
      }
    }
    return significant;
  }

  private boolean brokenFollowPowerLaws(Set<Relation> holds, FinalValues f, PahTest test) {
    boolean powerLaws = true;
    for (Relation r : Relation.values()) {
      if (!holds.contains(r)) {
        powerLaws &= isPowerLaw(f, r, test);
      }
    }
    return powerLaws;
  }

  /** Whether relation r's pair follows a power law clearly different from proportionality, by {@code test}. */
  boolean isPowerLaw(FinalValues f, Relation r, PahTest test) {
    double p = f.p().get(r);
    double r2 = f.r2().get(r);
    boolean forward = Double.isFinite(p) && Double.isFinite(r2) && Math.abs(p - 1) > spec.exponentTolerance()
        && r2 >= spec.minR2();
    return switch (test) {
      case ONE_WAY -> forward;
      case TWO_WAY -> forward && reverseAgrees(p, f.q().get(r), f.qR2().get(r));
    };
  }

  /** The reverse fit is as good as the forward one asks, and its exponent is the forward one's reciprocal. */
  private boolean reverseAgrees(double p, double q, double qR2) {
    return Double.isFinite(q) && Double.isFinite(qR2) && qR2 >= spec.minR2()
        && Math.abs(p * q - 1) <= spec.reciprocalTolerance();
  }
}
