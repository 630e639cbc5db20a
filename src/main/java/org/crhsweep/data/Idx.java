package org.crhsweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of IDX files (the MNIST family's format): a magic number whose third byte is the element type
 * (0x08 = unsigned byte, the only one these data sets use) and fourth the number of dimensions, the
 * dimensions as big-endian ints, then the data. Gzip-compressed files are recognised by their magic.
 */
public final class Idx {

  private Idx() {}

  /** The dimensions and the raw unsigned bytes of one IDX file. */
  public record Array(int[] dims, byte[] data) {

    /** Number of items: the first dimension. */
    public int count() {
      return dims[0];
    }

    /** Bytes per item: the product of the other dimensions. */
    public int itemSize() {
      int s = 1;
      for (int i = 1; i < dims.length; i++) {
        s *= dims[i];
      }
      return s;
    }

    /** Item i's byte k as an unsigned value 0..255. */
    public int unsigned(int item, int k) {
      return data[item * itemSize() + k] & 0xff;
    }
  }

  public static Array read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
      DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      int magic = d.readInt();
      int type = (magic >> 8) & 0xff;
      int rank = magic & 0xff;
      if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
        throw new IOException("not an unsigned-byte IDX file: " + file + " (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = d.readInt();
        total *= dims[i];
      }
      if (total > Integer.MAX_VALUE || total < 0) {
        throw new IOException("IDX file too large: " + file);
      }
      byte[] data = new byte[(int) total];
      d.readFully(data);
      return new Array(dims, data);
    }
  }
}
