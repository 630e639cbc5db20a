package org.crhsweep.analysis;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;

/**
 * The per-sweep analyses the report shows beside the phase diagrams, computed from the tables by
 * {@link SweepAnalyses}; every list may be empty (nothing to compute from).
 */
public record Analyses(
    List<DepthProfile> depth,
    List<ScalingSlope> scaling,
    List<ExponentBand> exponents,
    List<ReplicateRow> replicates,
    List<ReplicateCell> replicateCells,
    List<StatCrossing> statCrossings,
    List<StatDisagreement> statDisagreements,
    List<Claim> claims) {

  public Analyses {
    depth = copy(depth);
    scaling = copy(scaling);
    exponents = copy(exponents);
    replicates = copy(replicates);
    replicateCells = copy(replicateCells);
    statCrossings = copy(statCrossings);
    statDisagreements = copy(statDisagreements);
    claims = copy(claims);
  }

  /** Nothing computed. */
  public static Analyses none() {
    return new Analyses(null, null, null, null, null, null, null, null);
  }

  private static <T> List<T> copy(List<T> xs) {
    return xs == null ? List.of() : List.copyOf(xs);
  }

  /**
   * Mean final alignment of each relation by layer (one value per entry of {@code layers}), and the
   * mean chance level by layer.
   */
  public record DepthProfile(String arch, String stat, List<Integer> layers, List<String> layerNames,
      Map<Relation, double[]> alignment, double[] chance, int points) {

    public DepthProfile {
      alignment = Collections.unmodifiableMap(new EnumMap<>(alignment));
    }
  }

  /**
   * The log-log slope of a norm ratio ({@code G_b/H_b} or {@code G_b/W Wᵀ}) against weight decay in
   * one layer, pooled over groups of points that share everything but weight decay, with its 95% interval.
   */
  public record ScalingSlope(String arch, String stat, int layer, String layerName, String ratio, double slope,
      double lo, double hi, int points, int groups) {}

  /** Final fitted exponents of the layers in one phase: their spread, mean with interval, share in [1/3, 3]. */
  public record ExponentBand(String stat, String phase, double[] values, double median, double q1, double q3,
      double mean, double meanLo, double meanHi, int inside, double shareLo, double shareHi, double medianR2) {

    public int fits() {
      return values.length;
    }

    public double share() {
      return values.length == 0 ? Double.NaN : inside / (double) values.length;
    }
  }

  /** Seeds of one layer under one stat: how often they agree on the phase, and the mean seed spread per relation. */
  public record ReplicateRow(String stat, int layer, String layerName, int cells, int maxSeeds, int agreePlain,
      int agreeSignificant, RelationValues meanSd) {}

  /** One (arch, batch, lr, wd, layer, stat) cell with several seeds: mean and spread of each alignment. */
  public record ReplicateCell(String arch, int batchSize, double learningRate, double weightDecay, int layer,
      String layerName, String stat, int seeds, RelationValues mean, RelationValues sd, String phases, boolean agree,
      boolean agreeSignificant) {}

  /** How many (point, layer) pairs end in {@code raw} under the raw statistic and {@code normalized} under the other. */
  public record StatCrossing(String reading, String raw, String normalized, int count) {}

  /** A (point, layer) whose phase differs between the raw and the normalized statistic. */
  public record StatDisagreement(String pointId, String arch, int batchSize, double learningRate, double weightDecay,
      long seed, int layer, String layerName, String rawPhase, String normalizedPhase, String rawSignificant,
      String normalizedSignificant, double rawMean, double normalizedMean) {}

  /**
   * One of the paper's claims checked against the data: yes, no, partly, unclear or not tested, and why.
   * {@code alpha} is the claim's key numbers on the final alignments α, {@code aboveChance} the same
   * numbers on α − null_alignment (or why there are none); the verdict follows the above-chance numbers
   * wherever chance differs between the things compared, and {@code evidence} says which it followed.
   */
  public record Claim(String claim, String verdict, String alpha, String aboveChance, String evidence) {

    /** A claim the sweep cannot test: no numbers on either scale. */
    public static Claim notTested(String claim, String why) {
      return new Claim(claim, PaperClaims.NOT_TESTED, PaperClaims.NONE, PaperClaims.NONE, why);
    }
  }
}
