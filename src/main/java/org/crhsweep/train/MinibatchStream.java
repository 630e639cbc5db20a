package org.crhsweep.train;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.Permutations;
import org.crhsweep.probe.HostMemory;
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
  private INDArray xs;
  private INDArray ys;
  private int cursor;
  /** nextShared's arrays and their addresses; made at its first call. */
  private Batch shared;
  private BytePointer sharedX;
  private BytePointer sharedY;
  /** The addresses of this epoch's shuffled xs and ys, made at the epoch's first nextShared. */
  private BytePointer sourceX;
  private BytePointer sourceY;

  public MinibatchStream(Dataset data, int batch, long seed) {
    requireFits(batch, data);
    this.data = data;
    this.batch = batch;
    this.order = new Random(seed);
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
    Batch b = new Batch(xs.get(NDArrayIndex.interval(cursor, cursor + batch), NDArrayIndex.all()),
        ys.get(NDArrayIndex.interval(cursor, cursor + batch), NDArrayIndex.all()));
    cursor += batch;
    return b;
  }

  /**
   * The next batch, the same as {@link #next} would give, copied into two arrays the stream owns and
   * overwrites at the next call: a caller that uses each batch before asking for the next (the training
   * loop) gets the same arrays every step, so nothing is allocated per step (a view costs ND4J a native
   * buffer object that its deallocator thread and the garbage collector then clear). A plain memory copy of
   * the batch's rows on the CPU backend; elsewhere, or for data that is not a dense matrix, {@link #next}.
   */
  public Batch nextShared() {
    advance();
    if (!HostMemory.CPU || xs.rank() != 2 || ys.rank() != 2 || !HostMemory.dense(xs) || !HostMemory.dense(ys)) {
      return views();
    }
    if (shared == null) {
      shared = new Batch(Nd4j.create(xs.dataType(), batch, xs.columns()), Nd4j.create(ys.dataType(), batch,
          ys.columns()));
      sharedX = new BytePointer(shared.x().data().addressPointer());
      sharedY = new BytePointer(shared.y().data().addressPointer());
    }
    if (sourceX == null) {
      sourceX = new BytePointer(xs.data().addressPointer());
      sourceY = new BytePointer(ys.data().addressPointer());
    }
    copyRows(xs, sourceX, sharedX);
    copyRows(ys, sourceY, sharedY);
    cursor += batch;
    return shared;
  }

  /** Rows cursor .. cursor + batch of a dense c-order matrix (at {@code from}) into {@code to}. */
  private void copyRows(INDArray matrix, BytePointer from, BytePointer to) {
    long rowBytes = matrix.columns() * matrix.dataType().width();
    Pointer.memcpy(to, from.position(cursor * rowBytes), batch * rowBytes);
  }

  /** Starts a new epoch (a fresh permutation) when the rest of this one is shorter than a batch. */
  private void advance() {
    int n = data.trainSize();
    if (cursor + batch > n) {
      int[] perm = Permutations.shuffled(n, order);
      xs = rows(data.trainX(), perm);
      ys = rows(data.trainY(), perm);
      sourceX = null;
      sourceY = null;
      cursor = 0;
    }
  }
}
