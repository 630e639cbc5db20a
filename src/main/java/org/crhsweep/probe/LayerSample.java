package org.crhsweep.probe;

import org.nd4j.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What one probe site (a linear map: {@code fc1}, {@code conv1}, {@code block2.conv1}) looked like on
 * the probe set: inputs h_a, pre-activations h_b and negative per-sample loss gradients g_a, g_b, one
 * row per observation (a sample for a dense site, a sample-position pair for a conv site), plus its
 * weight in the paper's orientation W (d_out x d_in, so that h_b = W h_a for column vectors).
 *
 * <p>ND4J code keeps row vectors, h_b = h_a · M with M of shape d_in x d_out; {@link #fromRowMajorWeight}
 * is the one place that turns M into W = Mᵀ.
 */
public record LayerSample(int layer, String name, SiteKind kind, INDArray hA, INDArray hB, INDArray gA, INDArray gB, INDArray w) {

  public LayerSample {
    Preconditions.checkArgument(name != null && kind != null, "a probe site needs a name and a kind");
    Preconditions.checkArgument(hA.rank() == 2 && hB.rank() == 2, "h_a and h_b must be matrices");
    long n = hA.rows();
    Preconditions.checkArgument(hB.rows() == n && gA.rows() == n && gB.rows() == n,
        "layer %s: h_a, h_b, g_a, g_b must have the same number of samples (rows)", name);
    Preconditions.checkArgument(w.rows() == hB.columns() && w.columns() == hA.columns(),
        "layer %s: W must be d_out x d_in = %s x %s, got %s x %s",
        name, hB.columns(), hA.columns(), w.rows(), w.columns());
    Preconditions.checkArgument(gA.columns() == hA.columns() && gB.columns() == hB.columns(),
        "layer %s: g_a / g_b widths must match h_a / h_b", name);
  }

  /** Builds a sample from the row-vector weight M (d_in x d_out) used by the network code: W = Mᵀ. */
  public static LayerSample fromRowMajorWeight(int layer, String name, SiteKind kind, INDArray hA, INDArray hB,
      INDArray gA, INDArray gB, INDArray m) {
    return new LayerSample(layer, name, kind, hA, hB, gA, gB, m.transpose().dup());
  }

  public int dIn() {
    return (int) hA.columns();
  }

  public int dOut() {
    return (int) hB.columns();
  }

  /** Z_a = Wᵀ W (d_in x d_in). */
  public INDArray zA() {
    return Nd4j.gemm(w, w, true, false);
  }

  /** Z_b = W Wᵀ (d_out x d_out). */
  public INDArray zB() {
    return Nd4j.gemm(w, w, false, true);
  }
}
