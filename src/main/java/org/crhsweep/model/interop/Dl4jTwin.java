package org.crhsweep.model.interop;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.model.Network;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Pooling;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The DL4J {@link MultiLayerNetwork} that computes what an {@link org.crhsweep.model.Mlp Mlp} or a
 * {@link org.crhsweep.model.Cnn Cnn} computes, for data-parallel training with DL4J Spark, and the exact
 * parameter copy both ways ({@link #copyFrom}
 * SameDiff → DL4J, {@link #copyTo} DL4J → SameDiff). Initialise by building the SameDiff model with the
 * point's init seed and copying it over: the DL4J initialisers are never used.
 *
 * <p>Layers: a dense layer is {@code DenseLayer(nIn, nOut)} with the hidden activation, the last an {@code
 * OutputLayer} with identity (MSE) or softmax (cross-entropy) on the same logits. Losses: ours is the batch
 * mean of ½‖f − y‖², which is {@code LossL2} with per-output weights ½ (DL4J's {@code LossMSE} divides by
 * nOut instead), or of −Σ y log softmax f, which is {@code LossMCXENT} with softmax; DL4J divides the
 * summed gradient by the minibatch size, as our batch mean does. So {@code net.output} is f itself for MSE
 * but softmax(f) for cross-entropy. A conv layer is {@code ConvolutionLayer} k x k, stride s, padding p,
 * {@link ConvolutionMode#Truncate} (as our VALID on an explicitly padded input), then the activation, then
 * {@code SubsamplingLayer} p x p stride p; rows of C·H·W are reshaped 'c' to NCHW by {@code
 * InputType.convolutionalFlat} and the feature map is flattened in (C, H, W) order, as in {@code Cnn}.
 *
 * <p>Parameters are copied through {@code getParam}/{@code setParam} views, so DL4J's flat layout (per
 * dense layer W then b, W [nIn, nOut] laid out 'f'; per conv layer b first, then W [C_out, C_in, k, k] laid
 * out 'c') never has to be addressed by offset. Dense W is our d_in x d_out matrix M unchanged (both
 * compute in · M + b); a conv kernel is ours (k, k, C_in, C_out) permuted to (C_out, C_in, k, k); biases
 * are [1, n] in DL4J.
 *
 * <p>Updater: {@code Sgd(lr)} with {@code l2(wd)} ({@link Decay#L2}: wd·W added to the gradient before the
 * updater) gives W ← W − lr(∇W + wd·W), our {@code Trainer} step, to 1e-5 in {@code Dl4jTwinTest}. DL4J's
 * {@code weightDecay(wd, applyLR = true)} ({@link Decay#WEIGHT_DECAY}, lr·wd·W added to the update after
 * the updater by its source) measures in M2.1 as the Trainer step with 2·wd: not ours, kept only so the
 * test pins that. Biases are decayed only with {@code decayBiases}. Momentum and AdamW have no twin here.
 * With wd > 0, DL4J's {@code score} adds its regularisation term to the loss: read losses from the SameDiff
 * model after {@link #copyTo}, as the probe does.
 */
public final class Dl4jTwin {

  /** How weight decay enters DL4J's configuration: L2 is our update; WEIGHT_DECAY decays 2x (class comment). */
  public enum Decay { L2, WEIGHT_DECAY }

  /** The updater of the twin: plain SGD with weight decay. */
  public record SgdConfig(double learningRate, double weightDecay, boolean decayBiases, Decay form) {
    public SgdConfig {
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learning_rate must be a positive finite number, got " + learningRate);
      }
      if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
        throw new IllegalArgumentException("weight_decay must be >= 0 and finite, got " + weightDecay);
      }
      if (form == null) {
        throw new IllegalArgumentException("decay form must be L2 or WEIGHT_DECAY, got null");
      }
    }
  }

  /** Our parameter {@code ours} is DL4J's {@code theirs}; {@code kernel} when it needs the conv permutation. */
  private record Link(String ours, String theirs, boolean kernel) {}

  private static final int[] TO_DL4J_KERNEL = {3, 2, 0, 1};
  private static final int[] TO_OUR_KERNEL = {2, 3, 1, 0};

  private final MultiLayerNetwork net;
  private final List<Link> links;

  private Dl4jTwin(MultiLayerNetwork net, List<Link> links) {
    this.net = net;
    this.links = List.copyOf(links);
  }

  /** The twin of {@code Mlp.build(shape, dtype, seed)} (any seed: copy the parameters in). */
  public static Dl4jTwin ofMlp(MlpShape shape, DataType dtype, SgdConfig sgd) {
    NeuralNetConfiguration.ListBuilder list = base(dtype, sgd).list();
    List<Link> links = new ArrayList<>();
    int depth = shape.depth();
    for (int l = 1; l <= depth; l++) {
      int dIn = l == 1 ? shape.inputDim() : shape.width();
      int dOut = l == depth ? shape.outputDim() : shape.width();
      list.layer(l - 1, l == depth
          ? output(dIn, dOut, shape.bias(), shape.crossEntropy())
          : new DenseLayer.Builder().nIn(dIn).nOut(dOut).activation(activation(shape.activation()))
              .hasBias(shape.bias()).build());
      links.add(new Link("w" + l, (l - 1) + "_W", false));
      if (shape.bias()) {
        links.add(new Link("b" + l, (l - 1) + "_b", false));
      }
    }
    return new Dl4jTwin(init(list), links);
  }

  /** The twin of {@code Cnn.build(arch, image, outputDim, crossEntropy, ..., dtype, seed)}. */
  public static Dl4jTwin ofCnn(CnnConfig arch, int[] image, int outputDim, boolean crossEntropy, DataType dtype,
      SgdConfig sgd) {
    NeuralNetConfiguration.ListBuilder list = base(dtype, sgd).list();
    List<Link> links = new ArrayList<>();
    int layer = 0;
    int k = arch.kernel();
    int c = image[0];
    for (int i = 1; i <= arch.channels().size(); i++) {
      int cOut = arch.channels().get(i - 1);
      list.layer(layer, new ConvolutionLayer.Builder(k, k).stride(arch.stride(), arch.stride())
          .padding(arch.pad(), arch.pad()).convolutionMode(ConvolutionMode.Truncate).nIn(c).nOut(cOut)
          .activation(activation(arch.activation())).hasBias(arch.bias()).build());
      links.add(new Link("conv" + i + ".kernel", layer + "_W", true));
      if (arch.bias()) {
        links.add(new Link("conv" + i + ".bias", layer + "_b", false));
      }
      layer++;
      if (arch.pooling() != Pooling.NONE) {
        int p = arch.poolSize();
        PoolingType type = arch.pooling() == Pooling.MAX ? PoolingType.MAX : PoolingType.AVG;
        list.layer(layer++, new SubsamplingLayer.Builder(type).kernelSize(p, p).stride(p, p)
            .convolutionMode(ConvolutionMode.Truncate).build());
      }
      c = cOut;
    }
    int[] map = arch.featureShape(image[0], image[1], image[2]);
    int dIn = map[0] * map[1] * map[2];
    int nDense = arch.dense().size() + 1;
    for (int l = 1; l <= nDense; l++) {
      int dOut = l == nDense ? outputDim : arch.dense().get(l - 1);
      list.layer(layer, l == nDense
          ? output(dIn, dOut, arch.bias(), crossEntropy)
          : new DenseLayer.Builder().nIn(dIn).nOut(dOut).activation(activation(arch.activation()))
              .hasBias(arch.bias()).build());
      links.add(new Link("fc" + l + ".weight", layer + "_W", false));
      if (arch.bias()) {
        links.add(new Link("fc" + l + ".bias", layer + "_b", false));
      }
      layer++;
      dIn = dOut;
    }
    list.setInputType(InputType.convolutionalFlat(image[1], image[2], image[0]));
    return new Dl4jTwin(init(list), links);
  }

  private static NeuralNetConfiguration.Builder base(DataType dtype, SgdConfig sgd) {
    NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().dataType(dtype).seed(0)
        .updater(new Sgd(sgd.learningRate()));
    double wd = sgd.weightDecay();
    if (wd > 0) {
      if (sgd.form() == Decay.L2) {
        b.l2(wd);
        if (sgd.decayBiases()) {
          b.l2Bias(wd);
        }
      } else {
        b.weightDecay(wd, true);
        if (sgd.decayBiases()) {
          b.weightDecayBias(wd, true);
        }
      }
    }
    return b;
  }

  private static OutputLayer output(int dIn, int dOut, boolean bias, boolean crossEntropy) {
    ILossFunction loss = crossEntropy ? new LossMCXENT() : new LossL2(Nd4j.valueArrayOf(new long[] {1, dOut}, 0.5));
    return new OutputLayer.Builder(loss).nIn(dIn).nOut(dOut).hasBias(bias)
        .activation(crossEntropy ? org.nd4j.linalg.activations.Activation.SOFTMAX
            : org.nd4j.linalg.activations.Activation.IDENTITY)
        .build();
  }

  private static org.nd4j.linalg.activations.Activation activation(Activation a) {
    return switch (a) {
      case TANH -> org.nd4j.linalg.activations.Activation.TANH;
      case RELU -> org.nd4j.linalg.activations.Activation.RELU;
      case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY;
      case GELU -> throw new IllegalArgumentException(
          "activation gelu has no exact DL4J twin (different approximation); use tanh, relu or linear");
    };
  }

  private static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder list) {
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** The DL4J network (live: training it changes what {@link #copyTo} copies). */
  public MultiLayerNetwork network() {
    return net;
  }

  /** Our parameter names in copy order, each with its DL4J key ("layer_W" / "layer_b"). */
  public List<String> parameterNames() {
    return links.stream().map(Link::ours).toList();
  }

  /** SameDiff → DL4J: every parameter of {@code model} into the twin, exactly. */
  public void copyFrom(Network model) {
    for (Link link : links) {
      INDArray ours = ours(model, link);
      INDArray theirs = net.getParam(link.theirs());
      INDArray value = link.kernel() ? ours.permute(TO_DL4J_KERNEL) : ours;
      theirs.assign(value.reshape(theirs.shape()).castTo(theirs.dataType()));
    }
  }

  /** DL4J → SameDiff: every parameter of the twin into {@code model} (in place), exactly. */
  public void copyTo(Network model) {
    for (Link link : links) {
      INDArray ours = ours(model, link);
      INDArray theirs = net.getParam(link.theirs());
      INDArray value = link.kernel() ? theirs.permute(TO_OUR_KERNEL) : theirs;
      ours.assign(value.reshape(ours.shape()).castTo(ours.dataType()));
    }
  }

  private static INDArray ours(Network model, Link link) {
    INDArray a = model.param(link.ours());
    if (a == null) {
      throw new IllegalArgumentException("model has no parameter " + link.ours()
          + ": build the twin from the same shape/config as the SameDiff model");
    }
    return a;
  }
}
