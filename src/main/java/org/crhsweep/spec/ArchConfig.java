package org.crhsweep.spec;

import java.io.Serializable;
import java.util.function.Function;

/**
 * One entry of the {@code architecture} axis, chosen by its {@code type}; each type validates its
 * own parameters (field names relative, e.g. {@code kernel}; the parser places them under {@code
 * grid.architecture[i]}). {@code depth}, {@code width} and {@code activation} summarise any type
 * for the points table.
 */
public sealed interface ArchConfig extends Serializable permits MlpConfig, CnnConfig, ResNetConfig,
    TransformerConfig {

  /** The spec's {@code type} key: {@code mlp}, {@code cnn}, {@code resnet}, {@code transformer}. */
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

  /**
   * The result of the function for this entry's type, the exhaustive dispatch over the family: a new type
   * adds a parameter here, so every dispatcher that does not handle it fails to compile instead of failing at
   * run time in a cast. (Java 17's {@code switch} has type patterns only as a preview feature, which every
   * Spark JVM would have to enable.)
   */
  <R> R match(Function<MlpConfig, R> mlp, Function<CnnConfig, R> cnn, Function<ResNetConfig, R> resnet,
      Function<TransformerConfig, R> transformer);

  /** Canonical JSON with the spec's keys, e.g. for an {@code arch_json} column. */
  default String toJson() {
    return SpecJson.canonical(ArchJson.write(this));
  }
}
