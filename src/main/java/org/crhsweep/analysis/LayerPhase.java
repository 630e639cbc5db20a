package org.crhsweep.analysis;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;

/**
 * The final phase of one layer of one point under one statistic: a row of the phases table.
 * Alignments and chance levels are per relation, NaN where missing; null means all are missing. A
 * null significant phase is drawn as a missing cell. {@code execution} is how the point trained, as {@link Executions#label} writes it ({@code task} when null).
 */
public record LayerPhase(
    String pointId,
    String arch,
    int batchSize,
    double learningRate,
    double weightDecay,
    long seed,
    int layer,
    String layerName,
    String stat,
    String phase,
    String signature,
    String phaseSignificant,
    String signatureSignificant,
    RelationValues alignment,
    RelationValues nullAlignment,
    String execution) {

  /** The phases a layer can end in (docs/science.md, "Phases"). */
  public static final Set<String> PHASES = Set.of("CRH", "PAH", "unaligned", "diverged");

  /** The statistics a measurement can use. */
  public static final Set<String> STATS = Set.of("raw", "normalized");

  private static final Pattern SIGNATURE = Pattern.compile("[01]{" + Relation.values().length + "}");

  public LayerPhase {
    Objects.requireNonNull(pointId, "pointId");
    Objects.requireNonNull(arch, "arch");
    execution = execution == null ? Executions.TASK : execution;
    if (layer < 1) {
      throw new IllegalArgumentException("Invalid layer for point " + pointId + ": " + layer + " (must be >= 1)");
    }
    layerName = layerName == null ? "layer " + layer : layerName;
    if (!STATS.contains(stat)) {
      throw new IllegalArgumentException(
          "Invalid stat for point " + pointId + ": '" + stat + "' (allowed: raw, normalized)");
    }
    checkPhase(pointId, "phase", phase, false);
    checkPhase(pointId, "phaseSignificant", phaseSignificant, true);
    checkSignature(pointId, "signature", signature);
    checkSignature(pointId, "signatureSignificant", signatureSignificant);
    alignment = alignment == null ? RelationValues.missing() : alignment;
    nullAlignment = nullAlignment == null ? RelationValues.missing() : nullAlignment;
  }

  /** A row of a point trained in task mode. */
  public LayerPhase(String pointId, String arch, int batchSize, double learningRate, double weightDecay, long seed,
      int layer, String layerName, String stat, String phase, String signature, String phaseSignificant,
      String signatureSignificant, RelationValues alignment, RelationValues nullAlignment) {
    this(pointId, arch, batchSize, learningRate, weightDecay, seed, layer, layerName, stat, phase, signature,
        phaseSignificant, signatureSignificant, alignment, nullAlignment, Executions.TASK);
  }

  /**
   * What the report groups by where it groups by architecture: the arch, with the execution appended
   * for a data-parallel point ({@code mlp-3x16 · data_parallel w2 f8}), so execution modes never share a panel.
   */
  public String panel() {
    return Executions.panel(arch, execution);
  }

  /** The mean of the alignments present; NaN when all are missing. */
  public double meanAlignment() {
    return alignment.meanOfPresent();
  }

  /**
   * The mean over relations of α − null_alignment, over the relations that have both; NaN when none
   * has (a sweep run with the null turned off).
   */
  public double meanAboveChance() {
    return RelationValues.of(r -> alignment.get(r) - nullAlignment.get(r)).meanOfPresent();
  }

  /** The mean chance level of the relations that have an alignment too; NaN when none has. */
  public double meanChance() {
    return RelationValues.of(r -> Double.isNaN(alignment.get(r)) ? Double.NaN : nullAlignment.get(r)).meanOfPresent();
  }

  /** The alignment of one relation. */
  public double alignment(Relation relation) {
    return alignment.get(relation);
  }

  private static void checkPhase(String pointId, String field, String phase, boolean nullable) {
    if (phase == null && nullable) {
      return;
    }
    if (!PHASES.contains(phase)) {
      throw new IllegalArgumentException(
          "Invalid " + field + " for point " + pointId + ": '" + phase
              + "' (allowed: CRH, PAH, unaligned, diverged)");
    }
  }

  private static void checkSignature(String pointId, String field, String signature) {
    if (signature != null && !SIGNATURE.matcher(signature).matches()) {
      throw new IllegalArgumentException(
          "Invalid " + field + " for point " + pointId + ": '" + signature + "' (must be " + Relation.values().length
              + " characters of 0/1)");
    }
  }
}
