package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What is measured and how it is classified: the {@code probe} ({@link ProbeSpec}) and {@code phase}
 * ({@link PhaseSpec}) sections, to JSON and back. Part of the mapping {@link SpecJson} describes.
 */
final class ProbeJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final List<String> PROBE_KEYS =
      List.of("samples", "stats", "null_rotations", "eigen_cutoff", "conv_observations");
  static final List<String> PHASE_KEYS =
      List.of("threshold", "margin", "exponent_tolerance", "min_r2", "final_fraction", "reciprocal_tolerance");

  private ProbeJson() {}

  /** {@code conv_observations} only when some architecture has conv or token sites (it changes nothing else). */
  static ObjectNode write(ProbeSpec probe, boolean convSites) {
    ObjectNode node = NODES.objectNode().put("samples", probe.samples());
    node.set("stats", SpecJson.array(probe.stats()));
    node.put("null_rotations", probe.nullRotations()).put("eigen_cutoff", probe.eigenCutoff());
    if (convSites) {
      node.put("conv_observations", probe.convObservations());
    }
    return node;
  }

  static ObjectNode write(PhaseSpec phase) {
    ObjectNode node = NODES.objectNode()
        .put("threshold", phase.threshold())
        .put("margin", phase.margin())
        .put("exponent_tolerance", phase.exponentTolerance())
        .put("min_r2", phase.minR2())
        .put("final_fraction", phase.finalFraction());
    // Only when set: the canonical JSON (and hash) of every spec written before the key existed stays the same.
    if (phase.reciprocalTolerance() != PhaseSpec.DEFAULT_RECIPROCAL_TOLERANCE) {
      node.put("reciprocal_tolerance", phase.reciprocalTolerance());
    }
    return node;
  }

  static ProbeSpec readProbe(NodeReader reader) {
    ProbeSpec defaults = ProbeSpec.defaults();
    if (reader.isAbsent()) {
      return defaults;
    }
    reader.map(PROBE_KEYS);
    List<String> stats = defaults.stats();
    if (reader.has("stats")) {
      stats = new ArrayList<>();
      for (NodeReader stat : reader.get("stats").list("stat names (raw, normalized)")) {
        stats.add(stat.asString());
      }
    }
    return new ProbeSpec(
        reader.intOr("samples", defaults.samples()),
        stats,
        reader.intOr("null_rotations", defaults.nullRotations()),
        reader.doubleOr("eigen_cutoff", defaults.eigenCutoff()),
        reader.intOr("conv_observations", defaults.convObservations()));
  }

  static PhaseSpec readPhase(NodeReader reader) {
    PhaseSpec defaults = PhaseSpec.defaults();
    if (reader.isAbsent()) {
      return defaults;
    }
    reader.map(PHASE_KEYS);
    return new PhaseSpec(
        reader.doubleOr("threshold", defaults.threshold()),
        reader.doubleOr("margin", defaults.margin()),
        reader.doubleOr("exponent_tolerance", defaults.exponentTolerance()),
        reader.doubleOr("min_r2", defaults.minR2()),
        reader.doubleOr("final_fraction", defaults.finalFraction()),
        reader.doubleOr("reciprocal_tolerance", defaults.reciprocalTolerance()));
  }
}
