package org.crhsweep.model.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A zip of named arrays in NumPy's .npy format, written by ND4J's own .npy writer: exactly what
 * {@code numpy.load} reads as an .npz (entry {@code NAME.npy} is array {@code NAME}), plus text entries
 * (names not ending in .npy) for manifests. Arrays are written in C order, in their own data type.
 */
public final class NpyZip {

  private static final String NPY = ".npy";

  private NpyZip() {}

  /** Writes the arrays (in map order) and the text entries into one zip on {@code out} (left open). */
  public static void write(Map<String, INDArray> arrays, Map<String, String> texts, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      // A view (transpose, slice) must be laid out in C order before its bytes are taken.
      stored(zip, e.getKey() + NPY, Nd4j.toNpyByteArray(e.getValue().dup('c')));
    }
    for (Map.Entry<String, String> e : texts.entrySet()) {
      stored(zip, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    zip.finish();
  }

  /**
   * An uncompressed entry, as numpy.savez writes them: ND4J's own npz reader (Nd4j.createFromNpzFile)
   * reads only those.
   */
  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /** The zip as bytes. */
  public static byte[] toBytes(Map<String, INDArray> arrays, Map<String, String> texts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(arrays, texts, bytes);
    return bytes.toByteArray();
  }

  /** What a zip holds: its arrays by name (without .npy) and its text entries by entry name. */
  public record Contents(Map<String, INDArray> arrays, Map<String, String> texts) {}

  public static Contents read(InputStream in) throws IOException {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      byte[] data = zip.readAllBytes();
      if (e.getName().endsWith(NPY)) {
        String name = e.getName().substring(0, e.getName().length() - NPY.length());
        arrays.put(name, Nd4j.createNpyFromByteArray(data).dup());
      } else {
        texts.put(e.getName(), new String(data, StandardCharsets.UTF_8));
      }
    }
    return new Contents(arrays, texts);
  }
}
