package org.crhsweep.model.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How the parameters (or gradients) of K stacked MLPs of one {@link MlpShape} lie in one flat array of
 * {@link #size()} = K·P numbers (P = one member's parameter count): parameter after parameter, each a contiguous
 * c-order [K, d_in, d_out] ({@code w_l}) or [K, 1, d_out] ({@code b_l}) block. {@link #weight} and {@link #bias}
 * are views of the flat array (they share its memory), so an op over the whole array (PackedTrainer's update)
 * acts on every parameter of every member at once.
 *
 * <p>Two ND4J M2.1 quirks fix the order. Member-major rows ([K, P]) would make every block a strided view, and
 * {@code get(point(k), ...)} on a view whose offset is below its length returns an empty array (no data) once the
 * point moves past that length. So blocks are parameter-major and placed largest first: the first starts at 0,
 * every other starts at or beyond its own length, and {@code get} on any of them works.
 */
public final class MlpLayout {

  private final int models;
  /** dims[l] = width of layer l's output; dims[0] = input dim. */
  private final int[] dims;
  private final long[] weightOffset;
  private final long[] biasOffset;
  private final long size;

  public MlpLayout(MlpShape shape, int models) {
    if (models < 1) {
      throw new IllegalArgumentException("MlpLayout needs models >= 1, got " + models);
    }
    this.models = models;
    int depth = shape.depth();
    this.dims = shape.dims();
    this.weightOffset = new long[depth];
    this.biasOffset = new long[shape.bias() ? depth : 0];
    // Blocks by size, largest first (ties in layer order, weight before bias): see the class comment.
    List<long[]> blocks = new ArrayList<>();
    for (int l = 1; l <= depth; l++) {
      blocks.add(new long[] {(long) dims[l - 1] * dims[l], l, 0});
      if (shape.bias()) {
        blocks.add(new long[] {dims[l], l, 1});
      }
    }
    blocks.sort(Comparator.comparingLong((long[] b) -> -b[0]));
    long at = 0;
    for (long[] b : blocks) {
      (b[2] == 0 ? weightOffset : biasOffset)[(int) b[1] - 1] = at;
      at += models * b[0];
    }
    this.size = at;
  }

  /** K·P: the length of the flat array. */
  public long size() {
    return size;
  }

  /**
   * One number per entry of the flat array: {@code onWeights[k]} where member k has a weight, {@code onBiases[k]}
   * where it has a bias (per-member rates as an array an elementwise op can use).
   */
  public double[] perEntry(double[] onWeights, double[] onBiases) {
    if (onWeights.length != models || onBiases.length != models) {
      throw new IllegalArgumentException("need one value per member (" + models + "), got " + onWeights.length
          + " and " + onBiases.length);
    }
    double[] out = new double[Math.toIntExact(size)];
    for (int l = 1; l <= weightOffset.length; l++) {
      fill(out, weightOffset[l - 1], (long) dims[l - 1] * dims[l], onWeights);
      if (biasOffset.length > 0) {
        fill(out, biasOffset[l - 1], dims[l], onBiases);
      }
    }
    return out;
  }

  private void fill(double[] out, long from, long perMember, double[] values) {
    for (int k = 0; k < models; k++) {
      int start = Math.toIntExact(from + k * perMember);
      Arrays.fill(out, start, Math.toIntExact(start + perMember), values[k]);
    }
  }

  /** w_l (1-based) of every member: a [K, d_in, d_out] view of {@code flat}. */
  public INDArray weight(INDArray flat, int layer) {
    return view(flat, weightOffset[layer - 1], dims[layer - 1], dims[layer]);
  }

  /** b_l (1-based) of every member: a [K, 1, d_out] view of {@code flat}. */
  public INDArray bias(INDArray flat, int layer) {
    return view(flat, biasOffset[layer - 1], 1, dims[layer]);
  }

  /** The only member of a [1, r, c] contiguous view as an [r, c] view of the same memory (K = 1: a single MLP). */
  public static INDArray single(INDArray stacked) {
    if (stacked.rank() != 3 || stacked.size(0) != 1) {
      throw new IllegalArgumentException("expected a [1, r, c] array, got " + Arrays.toString(stacked.shape()));
    }
    return Nd4j.create(stacked.data(), new long[] {stacked.size(1), stacked.size(2)},
        new long[] {stacked.stride(1), stacked.stride(2)}, stacked.offset(), stacked.ordering());
  }

  private INDArray view(INDArray flat, long offset, int rows, int cols) {
    if (flat.rank() != 1 || flat.length() != size || flat.isView()) {
      throw new IllegalArgumentException("the flat array must be a fresh [" + size + "] array, got "
          + Arrays.toString(flat.shape()) + (flat.isView() ? " (a view)" : ""));
    }
    // Made from the buffer directly: reshape is allowed to copy, and a copy would not share the updates.
    return Nd4j.create(flat.data(), new long[] {models, rows, cols}, new long[] {(long) rows * cols, cols, 1},
        offset, 'c');
  }
}
