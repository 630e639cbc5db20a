package org.crhsweep.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Patches of an NCHW batch as rows: observation {@code r = sample · P + oy · oW + ox} (P = oH·oW
 * output positions) holds the k x k window at output position (oy, ox), zero outside the image, in
 * (channel, row, column) order, which is the column order of the kernel reshaped to C_out x
 * C_in·k·k. Done here rather than by ND4J's im2col so that only the kept observations are built.
 */
final class Im2col {

  private Im2col() {}

  static int outputSize(int size, int k, int stride, int pad) {
    return (size + 2 * pad - k) / stride + 1;
  }

  /** The patches of the observations {@code rows} (all n·P of them when null), as a double matrix. */
  static INDArray patches(INDArray input, int k, int stride, int pad, int[] rows) {
    int n = (int) input.size(0);
    int c = (int) input.size(1);
    int h = (int) input.size(2);
    int w = (int) input.size(3);
    int oH = outputSize(h, k, stride, pad);
    int oW = outputSize(w, k, stride, pad);
    int positions = oH * oW;
    double[] img = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    int count = rows == null ? n * positions : rows.length;
    int d = c * k * k;
    double[] out = new double[count * d];
    for (int i = 0; i < count; i++) {
      int r = rows == null ? i : rows[i];
      int sample = r / positions;
      int oy = (r % positions) / oW;
      int ox = r % oW;
      int base = i * d;
      for (int ch = 0; ch < c; ch++) {
        int plane = (sample * c + ch) * h * w;
        for (int ky = 0; ky < k; ky++) {
          int yy = oy * stride + ky - pad;
          for (int kx = 0; kx < k; kx++) {
            int xx = ox * stride + kx - pad;
            boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
            out[base + (ch * k + ky) * k + kx] = inside ? img[plane + yy * w + xx] : 0;
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {count, d}, DataType.DOUBLE);
  }
}
