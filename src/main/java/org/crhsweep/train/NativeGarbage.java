package org.crhsweep.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Runs the JVM's collector while the process's resident memory stands more than a budget above where it was
 * when the first training of this JVM started. ND4J's CPU arrays keep their data outside the heap and free it
 * only when the collector finds the array object unreachable; a heap of a few hundred megabytes rarely fills,
 * so a network that allocates arrays at every step (SameDiff's transformers and convolutional networks: about
 * 10 MB a step for a 2-layer transformer at batch 32) grew by gigabytes a minute until the kernel killed the
 * JVM. JavaCPP's cap does not count these buffers, and the training JVMs turn its resident-memory check off
 * for speed ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}, docs/performance.md).
 *
 * <p>One guard per JVM ({@link #shared()}), whatever the number of trainings running in it: the C allocator
 * keeps freed blocks for reuse, so the resident size does not fall after a collection, and a baseline taken
 * again by each new training would rise with every point. The size is read at most once a second and a
 * collection runs at most once every 5 s: past the budget, each collection frees what the next seconds'
 * arrays reuse. A network that allocates nothing per step (the MLP kernel) never reaches the budget.
 */
final class NativeGarbage {

  /** Growth of the resident size, above its size when the first training started, past which collections run. */
  static final long BUDGET_BYTES = 1L << 30;
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
  private static final long COLLECT_AT_MOST_EVERY_NANOS = 5_000_000_000L;
  private static NativeGarbage shared;

  private final long budget;
  private final long baseline;
  private volatile long lastCheck;
  private long lastCollection;
  private int collections;

  /** The JVM's guard, created (and its baseline read) by the first training that asks. */
  static synchronized NativeGarbage shared() {
    if (shared == null) {
      shared = new NativeGarbage(BUDGET_BYTES);
    }
    return shared;
  }

  NativeGarbage(long budget) {
    this.budget = budget;
    this.baseline = Pointer.physicalBytes();
    this.lastCheck = System.nanoTime();
    this.lastCollection = lastCheck - COLLECT_AT_MOST_EVERY_NANOS;
  }

  /**
   * Call once a step from any thread; cheap: reads the clock without taking the lock (every training thread of
   * the JVM calls this, the MLP kernel every ~30 µs), and the resident size at most once a second.
   */
  void step() {
    long now = System.nanoTime();
    if (now - lastCheck < CHECK_EVERY_NANOS) {
      return;
    }
    synchronized (this) {
      if (now - lastCheck < CHECK_EVERY_NANOS) {
        return;
      }
      lastCheck = now;
      if (now - lastCollection >= COLLECT_AT_MOST_EVERY_NANOS) {
        collectIfOver(now);
      }
    }
  }

  /** Collects when the resident size is more than the budget above the baseline; whether it did. */
  synchronized boolean collectIfOver(long now) {
    if (Pointer.physicalBytes() - baseline <= budget) {
      return false;
    }
    System.gc();
    collections++;
    lastCollection = now;
    return true;
  }

  /** How many collections this guard has run. */
  synchronized int collections() {
    return collections;
  }
}
