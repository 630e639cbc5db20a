package org.crhsweep.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network on a set of samples: the mean loss, the outputs (logits or regression values, one row
 * per sample) and the penultimate features, the input of the last linear map (one row per sample).
 */
public record Evaluation(double loss, INDArray output, INDArray features) {}
