package org.crhsweep.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crhsweep.data.Permutations;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.SiteKind;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A decoder-only, GPT-style language model on SameDiff: learned token and position embeddings, then
 * {@code layers} pre-LayerNorm blocks {@code r ← r + Attn(LN(r)); r ← r + MLP(LN(r))} with causal multi-head
 * self-attention and a GELU (tanh form) MLP, a final LayerNorm and a linear unembedding to logits.
 *
 * <p>Inputs are token ids {@code [N, T]} (T = context), targets the next-token ids {@code [N, T]}. A
 * <b>sample is one sequence</b>: its per-sample loss is ℓ = Σ_t −log softmax(logits_t)[y_t], the sum of the
 * next-token cross-entropies of its T positions, and the training loss is the batch mean of ℓ (so the
 * reported losses are per sequence; divide by T for nats per token). Probe gradients are those of ℓ at
 * each token: g = −∂ℓ/∂h for the token's row h (tokens of one sequence couple through attention; that
 * coupling is part of ℓ, and sequences never couple).
 *
 * <p>Internally every token is a row {@code n·T + t} of a {@code [N·T, d]} matrix, so each linear map is a
 * plain row-vector product {@code h_b = h_a · M + b} and a token is one probe observation (docs/science.md).
 *
 * <p>Decayed parameters: the weight matrices (Q, K, V, output and MLP projections of every block, the
 * unembedding); undecayed: token and position embeddings, LayerNorm gains and shifts, biases.
 */
public final class Transformer extends SameDiffNetwork {

  static final String LOGITS = "logits";
  static final String FEATURES = "features";
  private static final double LN_EPS = 1e-5;
  private static final double MASKED = -1e9;

  /** One linear map the probe reads: its input and output rows, its row-vector weight M (d_in x d_out). */
  private record Site(String name, SiteKind kind, String input, String output, String weight) {}

  private final TransformerShape shape;
  private final List<Site> sites = new ArrayList<>();
  /** Only for finite-difference checks: zero-by-default offsets added to a site's input (into it alone) or output. */
  private final boolean offsets;
  private final Map<String, INDArray> offsetValues = new HashMap<>();

  private Transformer(TransformerShape shape, DataType dtype, long seed, boolean offsets) {
    super(dtype, seed);
    this.offsets = offsets;
    this.shape = shape;
    int t = shape.context();
    int d = shape.dModel();
    int v = shape.vocab();
    SDVariable x = sd.placeHolder(X, dtype, -1, t);
    SDVariable y = sd.placeHolder(Y, dtype, -1, t);
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    // Embeddings: one-hot rows times the token table (gather's backprop is seconds per step in M2.1),
    // plus a position row per t (broadcast over the batch).
    SDVariable tokEmb = undecayedVar("tok_emb", gaussian(v, d, 1.0 / Math.sqrt(d)));
    SDVariable posEmb = undecayedVar("pos_emb", gaussian(t, d, 1.0 / Math.sqrt(d)));
    SDVariable oneHot = sd.oneHot(sd.reshape(x.castTo(DataType.INT32), -1), v, -1, 1.0, 0.0, dtype);
    SDVariable r = sd.reshape(sd.reshape(oneHot.mmul(tokEmb), -1, t, d).add(posEmb), -1, d);
    SDVariable mask = sd.constant("causal_mask", causalMask(t));
    double residualGain = 1.0 / Math.sqrt(2.0 * shape.layers());
    for (int l = 1; l <= shape.layers(); l++) {
      String p = "layer" + l;
      SDVariable a = layerNorm(p + "_ln1", r);
      SDVariable q = linear(p + ".attn.q", SiteKind.ATTENTION, a, d, d, 1.0);
      SDVariable k = linear(p + ".attn.k", SiteKind.ATTENTION, a, d, d, 1.0);
      SDVariable val = linear(p + ".attn.v", SiteKind.ATTENTION, a, d, d, 1.0);
      SDVariable heads = attention(q, k, val, mask);
      r = r.add(linear(p + ".attn.o", SiteKind.ATTENTION, heads, d, d, residualGain));
      SDVariable m = layerNorm(p + "_ln2", r);
      SDVariable up = linear(p + ".mlp.in", SiteKind.MLP, m, d, shape.mlpWidth(), 1.0);
      r = r.add(linear(p + ".mlp.out", SiteKind.MLP, gelu(p + "_gelu", up), shape.mlpWidth(), d, residualGain));
    }
    SDVariable features = sd.identity(FEATURES, layerNorm("ln_f", r));
    SDVariable logits = sd.identity(LOGITS, linear("head", SiteKind.DENSE, features, d, v, 1.0));
    SDVariable target = sd.reshape(sd.oneHot(sd.reshape(y.castTo(DataType.INT32), -1), v, -1, 1.0, 0.0, dtype),
        -1, v);
    SDVariable perToken = sd.nn().logSoftmax(logits).mul(target).sum(1).neg();
    SDVariable perSample = sd.reshape(perToken, -1, t).sum(1);
    sd.identity(LOSS, perSample.sum().mul(scale));
    sd.setLossVariables(LOSS);
  }

  public static Transformer build(TransformerShape shape, DataType dtype, long seed) {
    return new Transformer(shape, dtype, seed, false);
  }

  /**
   * The same model with two extra placeholders per site, {@code <site>_da} added to h_a on its way into
   * this map only and {@code <site>_db} added to h_b, zero unless {@link #offset} sets them: lets a test
   * differentiate the loss by one token's h_a or h_b with finite differences.
   */
  static Transformer withOffsets(TransformerShape shape, DataType dtype, long seed) {
    return new Transformer(shape, dtype, seed, true);
  }

  /** Sets a finite-difference offset ([N·T, d_in] for the input side, [N·T, d_out] for the output). */
  void offset(String site, boolean inputSide, INDArray delta) {
    offsetValues.put(offsetName(site, inputSide), delta);
  }

  private static String offsetName(String site, boolean inputSide) {
    return site.replace('.', '_') + (inputSide ? "_da" : "_db");
  }

  private SDVariable undecayedVar(String name, INDArray init) {
    undecayed.add(name);
    return sd.var(name, init);
  }

  /** A probe site {@code h_b = h_a · M + b}; M is LeCun normal times {@code gain} (GPT-2 shrinks residual writes). */
  private SDVariable linear(String site, SiteKind kind, SDVariable in, int dIn, int dOut, double gain) {
    String v = site.replace('.', '_');
    SDVariable w = sd.var(v + "_w", gaussian(dIn, dOut, gain / Math.sqrt(dIn)));
    decayed.add(w.name());
    SDVariable out = offsets ? in.add(sd.placeHolder(offsetName(site, true), dtype, -1, dIn)).mmul(w) : in.mmul(w);
    if (shape.bias()) {
      out = out.add(undecayedVar(v + "_b", Nd4j.zeros(dtype, 1, dOut)));
    }
    if (offsets) {
      out = out.add(sd.placeHolder(offsetName(site, false), dtype, -1, dOut));
    }
    out = sd.identity(v, out);
    sites.add(new Site(site, kind, in.name(), out.name(), w.name()));
    return out;
  }

  /** LayerNorm over each row: (h − mean)/√(var + 1e-5) · gain + shift (gain 1, shift 0 at init; not decayed). */
  private SDVariable layerNorm(String name, SDVariable h) {
    int d = shape.dModel();
    SDVariable centered = h.sub(h.mean(true, 1));
    SDVariable var = centered.mul(centered).mean(true, 1);
    SDVariable norm = centered.div(sd.math().sqrt(var.add(LN_EPS)));
    SDVariable gain = undecayedVar(name + "_gain", Nd4j.ones(dtype, 1, d));
    SDVariable shift = undecayedVar(name + "_shift", Nd4j.zeros(dtype, 1, d));
    return sd.identity(name, norm.mul(gain).add(shift));
  }

  /** GELU, tanh form: ½h(1 + tanh(√(2/π)(h + 0.044715h³))). */
  private SDVariable gelu(String name, SDVariable h) {
    SDVariable inner = h.add(h.mul(h).mul(h).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return sd.identity(name, h.mul(sd.math().tanh(inner).add(1.0)).mul(0.5));
  }

  /** Causal multi-head attention on token rows [N·T, d]; returns the heads concatenated, [N·T, d]. */
  private SDVariable attention(SDVariable q, SDVariable k, SDVariable v, SDVariable mask) {
    int t = shape.context();
    int h = shape.heads();
    int dh = shape.headDim();
    SDVariable qh = splitHeads(q);
    SDVariable kt = sd.permute(splitHeads(k), 0, 2, 1);
    SDVariable scores = sd.mmul(qh, kt).mul(1.0 / Math.sqrt(dh)).add(mask);
    SDVariable attended = sd.mmul(sd.nn().softmax(scores), splitHeads(v));
    SDVariable merged = sd.permute(sd.reshape(attended, -1, h, t, dh), 0, 2, 1, 3);
    return sd.reshape(merged, -1, shape.dModel());
  }

  /** [N·T, d] → [N·H, T, d/H]: one attention problem per sequence and head. */
  private SDVariable splitHeads(SDVariable rows) {
    int t = shape.context();
    SDVariable perHead = sd.permute(sd.reshape(rows, -1, t, shape.heads(), shape.headDim()), 0, 2, 1, 3);
    return sd.reshape(perHead, -1, t, shape.headDim());
  }

  private INDArray causalMask(int t) {
    double[] m = new double[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = MASKED;
      }
    }
    return Nd4j.create(m, new long[] {t, t}, DataType.DOUBLE).castTo(dtype);
  }

  private INDArray gaussian(int rows, int cols, double std) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = std * rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dtype);
  }

  public TransformerShape shape() {
    return shape;
  }





  private Map<String, INDArray> feed(INDArray x, INDArray y, double scale) {
    if (x.rank() != 2 || x.columns() != shape.context() || !Arrays.equals(x.shape(), y.shape())) {
      throw new IllegalArgumentException("transformer inputs and targets must be token ids [N, context = "
          + shape.context() + "], got x " + Arrays.toString(x.shape()) + ", y " + Arrays.toString(y.shape()));
    }
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x);
    ph.put(Y, y);
    ph.put(SCALE, Nd4j.scalar(dtype, scale));
    if (offsets) {
      long tokens = x.rows() * shape.context();
      for (Site s : sites) {
        for (boolean in : new boolean[] {true, false}) {
          long width = param(s.weight()).size(in ? 0 : 1);
          ph.put(offsetName(s.name(), in), offsetValues.getOrDefault(offsetName(s.name(), in),
              Nd4j.zeros(dtype, tokens, width)));
        }
      }
    }
    return ph;
  }

  @Override
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    return sd.calculateGradientsAndOutputs(feed(x, y, 1.0 / x.rows()), List.of(LOSS), params);
  }

  /** Mean per-sequence loss, logits [N, T, vocab] and the unembedding's input rows [N·T, d] (final LayerNorm). */
  @Override
  public Evaluation evaluation(INDArray x, INDArray y) {
    Map<String, INDArray> out = sd.output(feed(x, y, 1.0 / x.rows()), LOSS, LOGITS, FEATURES);
    INDArray logits = out.get(LOGITS).reshape(x.rows(), shape.context(), shape.vocab());
    return new Evaluation(out.get(LOSS).getDouble(0), logits, out.get(FEATURES));
  }

  /**
   * One {@link LayerSample} per linear map (Q, K, V, output, MLP in and out of every block, then the
   * unembedding {@code head}), each token one observation: h_a its input row to the map, h_b its output
   * row, g_b = −∂ℓ/∂h_b of its sequence's summed loss, and g_a = g_b · Mᵀ, the gradient that reaches h_a
   * through this map alone (Q, K and V share h_a but not g_a). When the probe set has more than
   * {@code probeTokens} tokens, every site keeps the same seeded subsample of token rows (drawn from the
   * model seed and N·T, so identical at every measurement of a run); moments are then means over those.
   */
  @Override
  public List<LayerSample> probe(INDArray x, INDArray y) {
    Map<String, INDArray> feed = feed(x, y, 1.0);
    LinkedHashSet<String> outputs = new LinkedHashSet<>();
    List<String> grads = new ArrayList<>();
    for (Site s : sites) {
      outputs.add(s.input());
      outputs.add(s.output());
      grads.add(s.output());
    }
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed, new ArrayList<>(outputs), grads);
    int[] rows = tokenSubsample((int) (x.rows() * shape.context()));
    List<LayerSample> out = new ArrayList<>();
    int layer = 1;
    for (Site s : sites) {
      INDArray hA = rows(og.getOutputs().get(s.input()), rows);
      INDArray hB = rows(og.getOutputs().get(s.output()), rows);
      INDArray gB = rows(og.getGradients().get(s.output()), rows).negi();
      INDArray m = param(s.weight());
      INDArray gA = Nd4j.gemm(gB, m, false, true);
      out.add(LayerSample.fromRowMajorWeight(layer++, s.name(), s.kind(), hA, hB, gA, gB, m.dup()));
    }
    return out;
  }

  private static INDArray rows(INDArray a, int[] rows) {
    return rows == null ? a.dup() : a.getRows(rows);
  }

  /** Null when every token is kept; else {@code probeTokens} sorted row indices, seeded by (seed, total). */
  int[] tokenSubsample(int total) {
    int cap = shape.probeTokens();
    if (total <= cap) {
      return null;
    }
    int[] perm = Permutations.shuffled(total, new Random(seed * 31 + total));
    int[] keep = Arrays.copyOf(perm, cap);
    Arrays.sort(keep);
    return keep;
  }
}
