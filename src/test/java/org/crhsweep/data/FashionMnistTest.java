package org.crhsweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class FashionMnistTest {

  @TempDir
  Path dir;

  /** Writes an unsigned-byte IDX file, gzipped or not. */
  static void writeIdx(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream o = gzip ? new GZIPOutputStream(raw) : raw;
        DataOutputStream d = new DataOutputStream(o)) {
      d.writeInt(0x0800 | dims.length);
      for (int n : dims) {
        d.writeInt(n);
      }
      d.write(data);
    }
  }

  @Test
  void readsPlainAndGzippedIdx() throws IOException {
    byte[] data = {0, 1, 2, (byte) 200, (byte) 255, 7};
    for (boolean gz : new boolean[] {false, true}) {
      Path f = dir.resolve(gz ? "a.gz" : "a");
      writeIdx(f, new int[] {3, 2}, data, gz);
      Idx.Array a = Idx.read(f);
      assertThat(a.dims()).containsExactly(3, 2);
      assertThat(a.count()).isEqualTo(3);
      assertThat(a.itemSize()).isEqualTo(2);
      assertThat(a.unsigned(1, 1)).isEqualTo(200);
      assertThat(a.unsigned(2, 0)).isEqualTo(255);
    }
  }

  @Test
  void loadsATinyFashionMnistLayoutAndStandardises() throws IOException {
    // 4 training images of 2x2 pixels, 3 test images; labels 0..3.
    writeIdx(dir.resolve(FashionMnist.TRAIN_IMAGES), new int[] {4, 2, 2},
        new byte[] {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, (byte) 255, 0, (byte) 255, 1, 2, 3, 4}, true);
    writeIdx(dir.resolve(FashionMnist.TRAIN_LABELS), new int[] {4}, new byte[] {0, 1, 2, 3}, true);
    writeIdx(dir.resolve(FashionMnist.TEST_IMAGES), new int[] {3, 2, 2}, new byte[12], true);
    writeIdx(dir.resolve(FashionMnist.TEST_LABELS), new int[] {3}, new byte[] {9, 9, 9}, true);
    Dataset d = FashionMnist.load(dir, 4, 3, 1, DataType.DOUBLE);
    assertThat(d.trainX().shape()).containsExactly(4, 4);
    assertThat(d.trainY().shape()).containsExactly(4, 10);
    assertThat(d.classes()).isEqualTo(10);
    // Standardised over the training pixels: mean 0, (population) std 1.
    assertThat(d.trainX().meanNumber().doubleValue()).isCloseTo(0, within(1e-12));
    assertThat(Math.sqrt(d.trainX().mul(d.trainX()).meanNumber().doubleValue())).isCloseTo(1, within(1e-12));
    assertThat(d.probeY().getDouble(0, 9)).isEqualTo(1.0);
    assertThatThrownBy(() -> FashionMnist.load(dir, 5, 3, 1, DataType.DOUBLE))
        .hasMessage("Fashion-MNIST train size must be in [1, 4], got 5");
  }

  @Test
  void aMissingInstallationSaysWhichPackageToInstall() {
    assertThatThrownBy(() -> FashionMnist.load(dir.resolve("none"), 10, 10, 0, DataType.FLOAT))
        .hasMessageContaining("train-images-idx3-ubyte.gz is missing")
        .hasMessageEndingWith("(install Debian's package: apt-get install dataset-fashion-mnist)");
  }

  @Test
  void theDebianPackageHasTheFullDataSet() {
    boolean present = Files.isDirectory(FashionMnist.DEFAULT_DIR);
    // CI installs the package (.ci/run), so there its absence is a failure, not a skip.
    assumeTrue(present || System.getenv("CI") == null, "dataset-fashion-mnist not installed");
    assertThat(present).as(FashionMnist.DEFAULT_DIR + " (apt-get install dataset-fashion-mnist)").isTrue();
    Dataset d = FashionMnist.load(FashionMnist.DEFAULT_DIR, 60000, 10000, 0, DataType.FLOAT);
    assertThat(d.trainX().shape()).containsExactly(60000, 784);
    assertThat(d.probeX().shape()).containsExactly(10000, 784);
    // Fashion-MNIST is balanced: 6000 training and 1000 test images per class.
    assertThat(d.trainY().sum(0).toDoubleVector()).containsOnly(6000.0);
    assertThat(d.probeY().sum(0).toDoubleVector()).containsOnly(1000.0);
  }
}
