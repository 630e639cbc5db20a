package org.crhsweep.model;

import java.util.List;
import org.crhsweep.probe.LayerSample;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable architecture as the trainer and the probe see it, whatever its graph: inputs are
 * samples as rows (flattened; the network reshapes them), targets one row per sample. The training
 * loss is the batch mean of a per-sample loss, so samples never couple: batch norm, where present,
 * uses its minibatch statistics only in {@link #trainingStep}; every other method runs it in inference
 * mode (its running statistics) and changes nothing but what the caller writes into {@link #param}.
 */
public interface Network {

  /** The key of the batch-mean loss in {@link #lossAndGradients}'s outputs. */
  String LOSS = "loss";

  DataType dtype();

  /** Parameters that weight decay applies to (weight matrices and kernels), in a fixed order. */
  List<String> decayedParams();

  /** Parameters not decayed by default (biases, norm gains and shifts), in a fixed order. */
  List<String> undecayedParams();

  /**
   * State that is neither trained nor decayed but changes what the network computes (batch norm's running
   * statistics), in a fixed order; a checkpoint must keep it. None by default.
   */
  default List<String> stateVariables() {
    return List.of();
  }

  /** The live parameter array: in-place updates change the model. */
  INDArray param(String name);

  /** Batch-mean loss (output {@link #LOSS}) and its gradient for each of {@code params}. */
  OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params);

  /**
   * The loss and gradients of one training minibatch: {@link #lossAndGradients} for networks without
   * batch norm; with it, normalised by the minibatch's statistics, and the running statistics updated.
   */
  default OutAndGrad trainingStep(INDArray x, INDArray y, List<String> params) {
    return lossAndGradients(x, y, params);
  }

  /** Mean loss, outputs and penultimate features on a set of samples. */
  Evaluation evaluation(INDArray x, INDArray y);

  /**
   * One {@link LayerSample} per probe site, in forward order, with h_b, g_b and g_a of the
   * per-sample loss (docs/science.md); its name and kind say which site it is.
   */
  List<LayerSample> probe(INDArray x, INDArray y);

  /** What one look at the probe set gives: the evaluation and, when asked, the probe sites' samples. */
  record ProbePass(Evaluation evaluation, List<LayerSample> samples) {

    public ProbePass {
      samples = List.copyOf(samples);
    }
  }

  /**
   * {@link #evaluation} and, when {@code withSamples}, {@link #probe} of the same samples; a network that
   * gets both from one forward/backward pass (an MLP through its kernel) overrides this.
   */
  default ProbePass probePass(INDArray x, INDArray y, boolean withSamples) {
    return new ProbePass(evaluation(x, y), withSamples ? probe(x, y) : List.of());
  }

  /**
   * True when the decayed parameters are exactly the weights of the probe sites, in order, each site
   * holding every observation of its weight (a dense layer): then −h_aᵀ g_b / N is that weight's
   * mean-loss gradient on the probe set, and a measurement needs no second backward pass for it.
   */
  default boolean probeSitesHoldWeightGradients() {
    return false;
  }
}
