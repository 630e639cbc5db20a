package org.crhsweep.spec;

import java.io.Serializable;

/**
 * One entry of the {@code architecture} axis, chosen by its {@code type}; each type validates its
 * own parameters (field names relative, e.g. {@code kernel}; the parser places them under {@code
 * grid.architecture[i]}). {@code depth}, {@code width} and {@code activation} summarise any type
 * for the points table.
 */
public sealed interface ArchConfig extends Serializable permits MlpConfig, CnnConfig, ResNetConfig,
    TransformerConfig {

  /** The spec's {@code type} key: {@code mlp}, {@code cnn}, {@code resnet}. */
  String type();

  /** A short name for tables and plots, unique per configuration. */
  String label();

  /** Number of weight layers (probe sites). */
  int depth();

  /** The widest layer: units of a dense layer, channels of a conv layer. */
  int width();

  Activation activation();

  /** Whether the architecture needs image inputs (channels x height x width). */
  default boolean needsImages() {
    return false;
  }

  /** Whether the architecture is a language model on token windows. */
  default boolean needsTokens() {
    return false;
  }

  /** Canonical JSON with the spec's keys, e.g. for an {@code arch_json} column. */
  default String toJson() {
    return SpecJson.canonical(ArchJson.write(this));
  }
}
