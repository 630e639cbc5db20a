package org.crhsweep.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.probe.Relation;

/**
 * One cell of a phase diagram: the seeds of one layer at one (lr, wd) merged into the majority
 * phase, the most common signature of that phase, and the mean of all their alignments.
 */
record PhaseCell(String phase, String signature, double meanAlignment, int seeds) {

  /** Ties go to the reading that claims less alignment, so a split cell never looks better than it is. */
  private static final List<String> TIE_ORDER = List.of("diverged", "unaligned", "PAH", "CRH");

  /**
   * Merges the seeds of one cell under the plain or the significant reading; null when no seed has
   * a phase under that reading.
   */
  static PhaseCell merge(List<LayerPhase> seeds, boolean significant) {
    Function<LayerPhase, String> phaseOf = significant ? LayerPhase::phaseSignificant : LayerPhase::phase;
    Function<LayerPhase, String> signatureOf =
        significant ? LayerPhase::signatureSignificant : LayerPhase::signature;
    List<LayerPhase> known = seeds.stream().filter(s -> phaseOf.apply(s) != null).toList();
    if (known.isEmpty()) {
      return null;
    }
    Map<String, Long> phaseCounts =
        known.stream().collect(Collectors.groupingBy(phaseOf, TreeMap::new, Collectors.counting()));
    String phase =
        phaseCounts.entrySet().stream()
            .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .thenComparing(e -> -TIE_ORDER.indexOf(e.getKey())))
            .orElseThrow()
            .getKey();
    Map<String, Long> signatureCounts =
        known.stream()
            .filter(s -> phase.equals(phaseOf.apply(s)))
            .map(signatureOf)
            .filter(Objects::nonNull)
            .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    // TreeMap order plus a strict comparison keeps the lexicographically first of equally common signatures.
    String signature = null;
    long best = 0;
    for (Map.Entry<String, Long> e : signatureCounts.entrySet()) {
      if (e.getValue() > best) {
        signature = e.getKey();
        best = e.getValue();
      }
    }
    return new PhaseCell(phase, signature, meanAlignment(seeds), seeds.size());
  }

  /** Mean of every relation's alignment over all seeds, ignoring missing values; NaN when all are missing. */
  static double meanAlignment(List<LayerPhase> seeds) {
    double sum = 0;
    int n = 0;
    for (LayerPhase s : seeds) {
      for (Relation r : Relation.values()) {
        double v = s.alignment(r);
        if (!Double.isNaN(v)) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Mean alignment of one relation over the seeds, ignoring missing values; NaN when all are missing. */
  static double meanAlignment(List<LayerPhase> seeds, Relation relation) {
    return seeds.stream()
        .mapToDouble(s -> s.alignment(relation))
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }
}
