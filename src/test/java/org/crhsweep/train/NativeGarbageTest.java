package org.crhsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeGarbageTest {

  private static final long MB = 1L << 20;

  /** 8 MB of native memory behind a few dozen bytes of heap: the garbage a heap-sized collector never sees. */
  private static void garbage() {
    INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, MB);
    a.assign(1.0);
  }

  @Test
  void keepsNativeGarbageWithinTheBudget() {
    System.gc();
    long budget = 256 * MB;
    NativeGarbage guard = new NativeGarbage(budget);
    long start = Pointer.physicalBytes();
    long peak = 0;
    for (int i = 0; i < 200; i++) { // 1.6 GB allocated and dropped
      garbage();
      guard.collectIfOver(System.nanoTime());
      peak = Math.max(peak, Pointer.physicalBytes() - start);
    }
    assertTrue(guard.collections() >= 1, "no collection after 1.6 GB of garbage");
    assertTrue(peak < budget + 256 * MB, "resident size rose " + peak / MB + " MB over a " + budget / MB + " MB budget");
  }

  @Test
  void leavesATrainingThatAllocatesNothingAlone() {
    NativeGarbage guard = new NativeGarbage(NativeGarbage.BUDGET_BYTES);
    INDArray kept = Nd4j.zeros(DataType.DOUBLE, 1024);
    for (int i = 0; i < 1000; i++) {
      kept.addi(1.0);
      guard.step();
    }
    assertFalse(guard.collectIfOver(System.nanoTime()));
    assertEquals(0, guard.collections());
    assertEquals(1000.0, kept.getDouble(0), 0.0);
  }
}
