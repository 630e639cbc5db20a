package org.crhsweep.train;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.Permutations;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The minibatches of a training run, in order: the training set shuffled by {@code order}, cut into
 * consecutive batches, reshuffled when the rest of an epoch is shorter than a batch. Task-mode training
 * and data-parallel training draw the same stream from the same seed, so they see the same samples.
 */
public final class MinibatchStream {

  /** One minibatch: views of inputs and targets, rows are samples. */
  public record Batch(INDArray x, INDArray y) {}

  private final Dataset data;
  private final int batch;
  private final Random order;
  /** Whether nextShared can copy rows from the training set in place (see {@link #gathers}). */
  private final boolean inPlace;
  /** This epoch's order of the training samples. */
  private int[] perm;
  /** This epoch's shuffled copies, made at the epoch's first {@link #next} (nextShared reads rows in place). */
  private INDArray xs;
  private INDArray ys;
  private int cursor;
  /** nextShared's arrays, their addresses and the training set's; made at its first call. */
  private Batch shared;
  private BytePointer sharedX;
  private BytePointer sharedY;
  private BytePointer sourceX;
  private BytePointer sourceY;

  public MinibatchStream(Dataset data, int batch, long seed) {
    requireFits(batch, data);
    this.data = data;
    this.batch = batch;
    this.order = new Random(seed);
    this.inPlace = gathers(data.trainX()) && gathers(data.trainY());
    this.cursor = data.trainSize();
  }

  /** A batch must fit in the training set; checked where a training is built, before it starts. */
  static void requireFits(int batch, Dataset data) {
    if (batch > data.trainSize()) {
      throw new IllegalArgumentException("batch_size " + batch + " exceeds the training set ("
          + data.trainSize() + " samples)");
    }
  }

  /**
   * The rows {@code perm} of a matrix, in that order: one native op (pullRows) for a [n, d] matrix;
   * M2.1's getRows builds a view per row, 100-180 ms for 4096 rows against ~2 ms.
   */
  static INDArray rows(INDArray matrix, int[] perm) {
    return matrix.rank() == 2 ? Nd4j.pullRows(matrix, 1, perm) : matrix.getRows(perm);
  }

  public Batch next() {
    advance();
    return views();
  }

  /** The batch at the cursor as views of this epoch's shuffled arrays; moves the cursor on. */
  private Batch views() {
    if (xs == null) {
      xs = rows(data.trainX(), perm);
      ys = rows(data.trainY(), perm);
    }
    Batch b = new Batch(xs.get(NDArrayIndex.interval(cursor, cursor + batch), NDArrayIndex.all()),
        ys.get(NDArrayIndex.interval(cursor, cursor + batch), NDArrayIndex.all()));
    cursor += batch;
    return b;
  }

  /**
   * The next batch, the same as {@link #next} would give, copied into two arrays the stream owns and
   * overwrites at the next call: a caller that uses each batch before asking for the next (the training
   * loop) gets the same arrays every step, so nothing is allocated per step (a view costs ND4J a native
   * buffer object that its deallocator thread and the garbage collector then clear). On the CPU backend each
   * sample's row is copied from the training set in place (one memory copy per row, no shuffled copy of the
   * set per epoch: ND4J's pullRows took 1-3 ms for 2048 rows, a tenth of a quickstart point); elsewhere, or
   * for data that is not a dense matrix, {@link #next}.
   */
  public Batch nextShared() {
    advance();
    if (!inPlace) {
      return views();
    }
    if (shared == null) {
      shared = new Batch(Nd4j.create(data.trainX().dataType(), batch, data.trainX().columns()),
          Nd4j.create(data.trainY().dataType(), batch, data.trainY().columns()));
      sharedX = HostMemory.bytes(shared.x());
      sharedY = HostMemory.bytes(shared.y());
      sourceX = HostMemory.bytes(data.trainX());
      sourceY = HostMemory.bytes(data.trainY());
    }
    copyRows(sourceX, rowBytes(data.trainX()), perm, cursor, batch, sharedX, 0);
    copyRows(sourceY, rowBytes(data.trainY()), perm, cursor, batch, sharedY, 0);
    cursor += batch;
    return shared;
  }

  /** Whether rows of {@code m} can be copied by address: a dense c-order matrix in host memory. */
  static boolean gathers(INDArray m) {
    return HostMemory.CPU && m.rank() == 2 && HostMemory.dense(m);
  }

  /**
   * Rows {@code rows[from] .. rows[from + count - 1]} of {@code source} into consecutive rows of {@code target},
   * from its row {@code targetRow} on ({@code target}'s memory read as rows of {@code source}'s width). Both
   * must pass {@link #gathers}-style checks: dense, host memory, one data type.
   */
  static void gather(INDArray source, int[] rows, int from, int count, INDArray target, long targetRow) {
    if (!gathers(source) || !HostMemory.dense(target) || target.dataType() != source.dataType()
        || (targetRow + count) * source.columns() > target.length()) {
      throw new IllegalArgumentException("gather needs dense host arrays of one data type with room for " + count
          + " rows from row " + targetRow + ", got " + source.shapeInfoToString() + " into "
          + target.shapeInfoToString());
    }
    copyRows(HostMemory.bytes(source), rowBytes(source), rows, from, count, HostMemory.bytes(target), targetRow);
  }

  private static void copyRows(BytePointer source, long rowBytes, int[] rows, int from, int count,
      BytePointer target, long targetRow) {
    for (int i = 0; i < count; i++) {
      Pointer.memcpy(target.position((targetRow + i) * rowBytes), source.position(rows[from + i] * rowBytes),
          rowBytes);
    }
  }

  private static long rowBytes(INDArray m) {
    return m.columns() * m.dataType().width();
  }

  /** Starts a new epoch (a fresh permutation) when the rest of this one is shorter than a batch. */
  private void advance() {
    int n = data.trainSize();
    if (cursor + batch > n) {
      perm = Permutations.shuffled(n, order);
      xs = null;
      ys = null;
      cursor = 0;
    }
  }
}
