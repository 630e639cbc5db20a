package org.crhsweep.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Runs the JVM's collector while a training's resident memory stands more than a budget above where it
 * started. ND4J's CPU arrays keep their data outside the heap and free it only when the collector finds the
 * array object unreachable; a heap of a few hundred megabytes rarely fills, so a network that allocates arrays
 * at every step (SameDiff's transformers and convolutional networks: about 10 MB a step for a 2-layer
 * transformer at batch 32) grew by gigabytes a minute until the kernel killed the JVM. JavaCPP's cap does not
 * count these buffers, and the training JVMs turn its resident-memory check off for speed
 * ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}, docs/performance.md).
 *
 * <p>The resident size is read at most once a second, and a collection runs at most once every few seconds:
 * the C allocator keeps freed blocks for reuse, so the resident size may stay above the budget after a
 * collection, and the blocks it keeps are what the next seconds' arrays reuse. A network that allocates
 * nothing per step (the MLP kernel) never reaches the budget and is never collected.
 */
final class NativeGarbage {

  /** Growth of the resident size, above its size when training started, past which collections run. */
  static final long BUDGET_BYTES = 1L << 30;
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
  private static final long COLLECT_AT_MOST_EVERY_NANOS = 5_000_000_000L;

  private final long budget;
  private final long baseline;
  private long lastCheck;
  private long lastCollection;
  private int collections;

  NativeGarbage() {
    this(BUDGET_BYTES);
  }

  NativeGarbage(long budget) {
    this.budget = budget;
    this.baseline = Pointer.physicalBytes();
    this.lastCheck = System.nanoTime();
    this.lastCollection = lastCheck - COLLECT_AT_MOST_EVERY_NANOS;
  }

  /** Call once a step; cheap: reads the clock, and the resident size at most once a second. */
  void step() {
    long now = System.nanoTime();
    if (now - lastCheck < CHECK_EVERY_NANOS) {
      return;
    }
    lastCheck = now;
    if (now - lastCollection >= COLLECT_AT_MOST_EVERY_NANOS) {
      collectIfOver(now);
    }
  }

  /** Collects when the resident size is more than the budget above the baseline; whether it did. */
  boolean collectIfOver(long now) {
    if (Pointer.physicalBytes() - baseline <= budget) {
      return false;
    }
    System.gc();
    collections++;
    lastCollection = now;
    return true;
  }

  /** How many collections this guard has run. */
  int collections() {
    return collections;
  }
}
