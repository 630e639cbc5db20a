package org.crhsweep.data;

import java.util.Random;

/**
 * A k-th order Markov chain over {@code vocab} tokens: each context (the last {@code order} tokens)
 * has {@code branching} distinct successors with fixed probabilities, drawn once from the seed. Its
 * entropy rate is the loss floor a perfect next-token model reaches.
 */
public final class MarkovLanguage {

  private final int vocab;
  private final int order;
  private final int[][] successors;
  private final double[][] probabilities;

  public MarkovLanguage(int vocab, int order, int branching, long seed) {
    if (vocab < 2) {
      throw new IllegalArgumentException("vocab must be >= 2, got " + vocab);
    }
    if (order < 1 || Math.pow(vocab, order) > 1 << 20) {
      throw new IllegalArgumentException("order must be >= 1 with vocab^order <= 2^20 contexts, got vocab " + vocab
          + ", order " + order);
    }
    if (branching < 1 || branching > vocab) {
      throw new IllegalArgumentException("branching must be in [1, vocab = " + vocab + "], got " + branching);
    }
    this.vocab = vocab;
    this.order = order;
    int contexts = (int) Math.pow(vocab, order);
    this.successors = new int[contexts][];
    this.probabilities = new double[contexts][];
    Random rng = new Random(seed);
    for (int c = 0; c < contexts; c++) {
      int[] pick = Permutations.shuffled(vocab, rng);
      successors[c] = java.util.Arrays.copyOf(pick, branching);
      double[] w = new double[branching];
      double sum = 0;
      for (int k = 0; k < branching; k++) {
        w[k] = 0.1 + rng.nextDouble();
        sum += w[k];
      }
      for (int k = 0; k < branching; k++) {
        w[k] /= sum;
      }
      probabilities[c] = w;
    }
  }

  public int vocab() {
    return vocab;
  }

  public int order() {
    return order;
  }

  /** The context index of the last {@code order} tokens ({@code history[end - order .. end)}). */
  public int context(int[] history, int end) {
    int c = 0;
    for (int k = end - order; k < end; k++) {
      c = c * vocab + history[k];
    }
    return c;
  }

  /** The probability of {@code next} after a context. */
  public double probability(int context, int next) {
    int[] s = successors[context];
    for (int k = 0; k < s.length; k++) {
      if (s[k] == next) {
        return probabilities[context][k];
      }
    }
    return 0;
  }

  /**
   * Entropy rate in nats per token under the chain's stationary distribution over contexts,
   * estimated by power iteration.
   */
  public double entropyRate() {
    int contexts = successors.length;
    double[] pi = new double[contexts];
    java.util.Arrays.fill(pi, 1.0 / contexts);
    int mod = contexts / vocab;
    for (int it = 0; it < 2000; it++) {
      double[] next = new double[contexts];
      for (int c = 0; c < contexts; c++) {
        if (pi[c] == 0) {
          continue;
        }
        for (int k = 0; k < successors[c].length; k++) {
          next[(c % mod) * vocab + successors[c][k]] += pi[c] * probabilities[c][k];
        }
      }
      // Average with the previous iterate: converges on periodic chains too.
      for (int c = 0; c < contexts; c++) {
        pi[c] = 0.5 * (pi[c] + next[c]);
      }
    }
    double h = 0;
    for (int c = 0; c < contexts; c++) {
      for (double q : probabilities[c]) {
        h -= pi[c] * q * Math.log(q);
      }
    }
    return h;
  }

  /** An endless chain from a random start context, a token at a time. */
  TokenData.Source chain(Random startRng) {
    int[] history = new int[order];
    for (int k = 0; k < order; k++) {
      history[k] = startRng.nextInt(vocab);
    }
    return rng -> {
      int c = context(history, order);
      double u = rng.nextDouble();
      int[] s = successors[c];
      double[] q = probabilities[c];
      int pick = s[s.length - 1];
      double acc = 0;
      for (int k = 0; k < s.length; k++) {
        acc += q[k];
        if (u < acc) {
          pick = s[k];
          break;
        }
      }
      System.arraycopy(history, 1, history, 0, order - 1);
      history[order - 1] = pick;
      return new int[] {pick};
    };
  }
}
