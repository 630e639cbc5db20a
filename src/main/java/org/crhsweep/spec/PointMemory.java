package org.crhsweep.spec;

import java.util.List;
import java.util.Locale;

/**
 * A rough estimate, in bytes, of what one point holds at once: its parameters with their gradients and optimizer
 * state (times {@code training.pack}), its training and probe data, the activations of one batch, and the probe
 * of its widest site (the moment, Gram and eigenvector matrices plus their null rotations, all d x d doubles,
 * and the four n x d observation matrices of every site). It errs high, not low; it exists so that a point that
 * could never fit the memory a run gives it is refused by {@code validate} instead of failing on an executor.
 * A Parquet dataset's width is not known here (it comes from the data), so its input layer counts as empty.
 * Points that run side by side in one executor share its memory, so fitting alone is necessary, not enough.
 */
public record PointMemory(long parameters, long parameterBytes, long dataBytes, long activationBytes,
    long probeBytes, int widest, int observations, int inputs) {

  /** Matrices of d x d doubles a probe site holds apart from the rotations: 6 moments and Grams, 4 eigenbases, slack. */
  static final int PROBE_MATRICES = 12;
  /** Per null rotation: the rotation itself and the rotated copies of the four A matrices. */
  static final int PROBE_MATRICES_PER_ROTATION = 5;

  public long total() {
    return parameterBytes + dataBytes + activationBytes + probeBytes;
  }

  /** The estimate for one point of a sweep (learning rate, weight decay and seed do not change it). */
  public static PointMemory of(ArchConfig arch, DatasetSpec dataset, TrainingSpec training, ProbeSpec probe,
      int batchSize) {
    int bytes = training.dtype() == DType.FLOAT64 ? 8 : 4;
    Shape s = Shape.of(arch, dataset);
    int states = 2 + (training.momentum() != 0 ? 1 : 0) + (training.optimizer() == OptimizerKind.ADAMW ? 2 : 0);
    long parameterBytes = s.parameters * bytes * states * training.pack();
    long rows = (long) dataset.trainSize() + probe.samples();
    long dataBytes = dataset.kind().tokens() ? rows * dataset.tokens().context() * 2 * 4
        : rows * ((long) s.inputs + s.outputs) * bytes;
    // Forward values, pre-activations and their gradients: four copies of every unit of a batch.
    long activationBytes = 4L * batchSize * s.units * bytes * training.pack();
    int n = s.positions > 1 ? (int) Math.min(probe.convObservations(), (long) probe.samples() * s.positions)
        : probe.samples();
    long d = s.widest;
    long matrices = PROBE_MATRICES + (long) PROBE_MATRICES_PER_ROTATION * probe.nullRotations();
    long probeBytes = 8L * matrices * d * d + 4L * n * s.siteWidths * bytes + 4L * 8 * n * d;
    return new PointMemory(s.parameters, parameterBytes, dataBytes, activationBytes, probeBytes, s.widest, n,
        s.inputs);
  }

  /**
   * Refuses the first point of {@code spec} whose estimate exceeds {@code budget} bytes, naming the field that
   * weighs most (an architecture, the batch size or the training set), the estimate and where the budget
   * comes from ({@code budgetSource}, e.g. "the JVM's max heap").
   */
  public static void check(SweepSpec spec, long budget, String budgetSource) {
    List<ArchConfig> archs = spec.architectures();
    for (int i = 0; i < archs.size(); i++) {
      for (int j = 0; j < spec.batchSizes().size(); j++) {
        int batch = spec.batchSizes().get(j);
        PointMemory m = of(archs.get(i), spec.dataset(), spec.training(), spec.probe(), batch);
        if (m.total() > budget) {
          throw SpecException.field(m.field(i, j), m.describe(archs.get(i), batch, spec.probe()) + ", more than the "
              + gib(budget) + " a point is given (" + budgetSource + "; set it with -Dcrh.point.memory=SIZE)");
        }
      }
    }
  }

  private String field(int arch, int batch) {
    long most = Math.max(Math.max(parameterBytes, probeBytes), Math.max(dataBytes, activationBytes));
    if (most == dataBytes) {
      return "dataset.train_size";
    }
    if (most == activationBytes) {
      return "grid.batch_size[" + batch + "]";
    }
    // The widest probe site is the input layer: the data's width is what to change.
    return most == probeBytes && widest == inputs && inputs > 0 ? "dataset.input_dim" : "grid.architecture[" + arch + "]";
  }

  private String describe(ArchConfig arch, int batch, ProbeSpec probe) {
    return String.format(Locale.ROOT, "a point of %s at batch_size %d needs about %s: parameters %s (%,d of them, "
        + "with gradients and optimizer state), probe %s (%d + %d x probe.null_rotations %d matrices of %d x %d doubles "
        + "at the widest site, %d observations), data %s, activations %s", arch.label(), batch, gib(total()),
        gib(parameterBytes), parameters, gib(probeBytes), PROBE_MATRICES, PROBE_MATRICES_PER_ROTATION,
        probe.nullRotations(), widest, widest, observations, gib(dataBytes), gib(activationBytes));
  }

  /** Bytes as GiB with one decimal (MiB below one GiB): {@code 9.6 GiB}, {@code 12 MiB}. */
  static String gib(long bytes) {
    double g = bytes / (double) (1L << 30);
    if (g >= 1) {
      return String.format(Locale.ROOT, "%.1f GiB", g);
    }
    long mib = Math.round(bytes / (double) (1L << 20));
    return mib < 1 ? "<1 MiB" : mib + " MiB";
  }

  /**
   * What the estimate needs to know about a network on a dataset: its parameter count, the units of one sample's
   * activations, the widest probe site (d of its d x d matrices), the summed width of all sites, and how many
   * positions a site sees per sample (pixels of a feature map, tokens of a window; 1 for dense data).
   */
  private record Shape(long parameters, long units, int widest, long siteWidths, long positions, int inputs,
      int outputs) {

    static Shape of(ArchConfig arch, DatasetSpec dataset) {
      int[] image = dataset.imageShape();
      int inputs = image != null ? image[0] * image[1] * image[2] : dataset.inputDim();
      int outputs = dataset.kind() == DatasetKind.FASHION_MNIST ? 10 : dataset.kind().tokens()
          ? dataset.tokens().vocabulary() : Math.max(dataset.outputDim(), 1);
      return arch.match(
          m -> mlp(m, inputs, outputs),
          c -> cnn(c, image, inputs, outputs),
          r -> resnet(r, image, inputs, outputs),
          t -> transformer(t, dataset));
    }

    static Shape mlp(MlpConfig m, int inputs, int outputs) {
      long params = 0;
      long units = 0;
      long sites = 0;
      int widest = Math.max(inputs, outputs);
      int in = inputs;
      for (int layer = 0; layer < m.depth(); layer++) {
        int out = layer == m.depth() - 1 ? outputs : m.width();
        params += (long) in * out + out;
        units += out;
        sites += in + out;
        widest = Math.max(widest, Math.max(in, out));
        in = out;
      }
      return new Shape(params, units, widest, sites, 1, inputs, outputs);
    }

    static Shape cnn(CnnConfig c, int[] image, int inputs, int outputs) {
      if (image == null) {
        return mlp(new MlpConfig(c.depth(), c.width(), c.activation(), c.bias()), inputs, outputs);
      }
      long params = 0;
      long units = 0;
      long sites = 0;
      int widest = 0;
      int channels = image[0];
      long positions = (long) image[1] * image[2];
      for (int i = 0; i < c.channels().size(); i++) {
        int out = c.channels().get(i);
        int patch = channels * c.kernel() * c.kernel();
        params += (long) patch * out + out;
        units += positions * out;
        sites += patch + out;
        widest = Math.max(widest, Math.max(patch, out));
        channels = out;
      }
      int[] feature = c.featureShape(image[0], image[1], image[2]);
      int in = feature[0] * feature[1] * feature[2];
      for (int i = 0; i <= c.dense().size(); i++) {
        int out = i == c.dense().size() ? outputs : c.dense().get(i);
        params += (long) in * out + out;
        units += out;
        sites += in + out;
        widest = Math.max(widest, Math.max(in, out));
        in = out;
      }
      return new Shape(params, units, widest, sites, positions, inputs, outputs);
    }

    static Shape resnet(ResNetConfig r, int[] image, int inputs, int outputs) {
      int channels = image == null ? 1 : image[0];
      long positions = image == null ? 1 : (long) image[1] * image[2];
      long params = 9L * channels * r.stem();
      long units = positions * r.stem();
      long sites = 9L * channels + r.stem();
      int widest = Math.max(9 * channels, r.stem());
      int in = r.stem();
      for (int s = 0; s < r.widths().size(); s++) {
        int w = r.widths().get(s);
        for (int b = 0; b < r.blocks().get(s); b++) {
          int blockIn = b == 0 ? in : w;
          params += 9L * blockIn * w + 9L * w * w + (b == 0 && (s > 0 || in != w) ? (long) in * w : 0);
          units += 3 * positions * w;
          sites += 9L * blockIn + 9L * w + 2L * w;
          widest = Math.max(widest, Math.max(9 * blockIn, 9 * w));
        }
        in = w;
      }
      params += (long) in * outputs + outputs;
      sites += in + outputs;
      return new Shape(params, units, widest, sites, positions, inputs, outputs);
    }

    static Shape transformer(TransformerConfig t, DatasetSpec dataset) {
      int vocab = dataset.tokens() == null ? 1 : dataset.tokens().vocabulary();
      int context = dataset.tokens() == null ? 1 : dataset.tokens().context();
      long d = t.dModel();
      long mlp = d * t.mlpRatio();
      long params = 2L * vocab * d + context * d + t.layers() * (4 * d * d + 2 * d * mlp);
      long units = (long) context * (t.layers() * (6 * d + mlp) + vocab);
      long sites = t.layers() * (10 * d + 2 * mlp) + d + vocab;
      int widest = (int) Math.max(Math.max(d, mlp), vocab);
      return new Shape(params, units, widest, sites, context, context, vocab);
    }
  }
}
