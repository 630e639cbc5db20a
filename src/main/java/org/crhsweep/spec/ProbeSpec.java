package org.crhsweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * What is measured at each probe step: on a held-out set of {@code samples} inputs, the
 * statistics in {@code stats} ({@code raw}, {@code normalized}, in the given order), with {@code
 * nullRotations} random-rotation baselines and a relative eigenvalue cutoff for exponent fits. A
 * conv site has one observation per (sample, position) pair; {@code convObservations} caps how many
 * it contributes (a seeded subset of the pairs, the same at every step; all of them when fewer). A
 * transformer site has one observation per token, capped the same way.
 */
public record ProbeSpec(
    int samples, List<String> stats, int nullRotations, double eigenCutoff, int convObservations)
    implements Serializable {
  /** The statistic labels a spec may name, in their default order. */
  public static final List<String> STAT_LABELS = List.of("raw", "normalized");

  public static final int DEFAULT_SAMPLES = 512;
  public static final int DEFAULT_NULL_ROTATIONS = 4;
  public static final double DEFAULT_EIGEN_CUTOFF = 1e-6;
  public static final int DEFAULT_CONV_OBSERVATIONS = 4096;
  public static final int MAX_SAMPLES = 65536;
  public static final int MAX_NULL_ROTATIONS = 64;
  public static final int MAX_CONV_OBSERVATIONS = 1 << 20;

  public ProbeSpec {
    Check.atLeastAtMost("probe.samples", samples, 2, MAX_SAMPLES);
    stats = Check.distinctList("probe.stats", stats);
    for (int i = 0; i < stats.size(); i++) {
      if (!STAT_LABELS.contains(stats.get(i))) {
        throw SpecException.field(
            "probe.stats[" + i + "]",
            "must be one of " + String.join(", ", STAT_LABELS)
                + ", got " + Check.quote(stats.get(i)));
      }
    }
    Check.atLeastAtMost("probe.null_rotations", nullRotations, 0, MAX_NULL_ROTATIONS);
    Check.inRange("probe.eigen_cutoff", eigenCutoff, 0, false, 1, false);
    Check.atLeastAtMost("probe.conv_observations", convObservations, 2, MAX_CONV_OBSERVATIONS);
  }

  /** Without conv sites: the observation cap at its default. */
  public ProbeSpec(int samples, List<String> stats, int nullRotations, double eigenCutoff) {
    this(samples, stats, nullRotations, eigenCutoff, DEFAULT_CONV_OBSERVATIONS);
  }

  public static ProbeSpec defaults() {
    return new ProbeSpec(
        DEFAULT_SAMPLES, STAT_LABELS, DEFAULT_NULL_ROTATIONS, DEFAULT_EIGEN_CUTOFF);
  }
}
