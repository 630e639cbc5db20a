package org.crhsweep.data;

import java.util.Random;

/** Seeded permutations (Fisher-Yates over java.util.Random): the same order on every machine. */
public final class Permutations {

  private Permutations() {}

  /** A uniformly random permutation of 0..n-1. */
  public static int[] shuffled(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
