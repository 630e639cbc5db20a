package org.crhsweep.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded synthetic languages for next-token training. A sample is a window of {@code context + 1}
 * tokens: x holds tokens 0..T-1 and y tokens 1..T (the next token at every position), both as token
 * ids in the dataset's dtype (exact: ids are small integers); {@code classes} is the vocabulary size.
 * Random numbers come from {@link java.util.Random}, so a seed gives the same text everywhere.
 */
public final class TokenData {

  private TokenData() {}

  /**
   * Modular addition written out as text: equations {@code a + b = c ;} with c = (a + b) mod p, one
   * after another. Tokens 0..p-1 are numbers, p is '+', p+1 is '=', p+2 is ';' (vocabulary p + 3).
   * The p² pairs (a, b) are split once by the seed: a {@code trainFraction} share appears only in
   * training text, the rest only in probe text, so the probe set tests the rule, not memory. Only
   * the answer c is predictable; a, b are uniform over the split's pairs.
   */
  public static Dataset modularAddition(int p, int context, double trainFraction, int trainSize, int probeSize,
      long seed, DataType dtype) {
    if (p < 2) {
      throw new IllegalArgumentException("modular addition needs a modulus p >= 2, got " + p);
    }
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("train_fraction must be in (0, 1), got " + trainFraction);
    }
    Random rng = new Random(seed);
    int[] pairs = Permutations.shuffled(p * p, rng);
    int cut = (int) Math.round(trainFraction * pairs.length);
    if (cut < 1 || cut >= pairs.length) {
      throw new IllegalArgumentException("train_fraction " + trainFraction + " leaves no pairs for one split (p = "
          + p + ")");
    }
    int[] trainPairs = java.util.Arrays.copyOfRange(pairs, 0, cut);
    int[] probePairs = java.util.Arrays.copyOfRange(pairs, cut, pairs.length);
    int[][] train = windows(trainSize, context, rng, r -> equation(trainPairs[r.nextInt(trainPairs.length)], p));
    int[][] probe = windows(probeSize, context, rng, r -> equation(probePairs[r.nextInt(probePairs.length)], p));
    return dataset("modular_addition", train, probe, p + 3, dtype);
  }

  /** The five tokens of {@code a + b = c ;} for pair index a·p + b. */
  static int[] equation(int pair, int p) {
    int a = pair / p;
    int b = pair % p;
    return new int[] {a, p, b, p + 1, (a + b) % p, p + 2};
  }

  /**
   * A k-th order Markov language: every context of {@code order} tokens allows {@code branching}
   * successors (distinct, drawn by the seed) with probabilities from normalised uniform weights;
   * text is one long chain from a random start, cut into windows. The probe set is a separate chain.
   */
  public static Dataset markov(MarkovLanguage language, int context, int trainSize, int probeSize, long seed,
      DataType dtype) {
    Random rng = new Random(seed ^ 0x5DEECE66DL);
    int[][] train = windows(trainSize, context, rng, language.chain(rng));
    int[][] probe = windows(probeSize, context, rng, language.chain(rng));
    return dataset("markov", train, probe, language.vocab(), dtype);
  }

  /** Something that writes text a few tokens at a time. */
  interface Source {
    int[] next(Random rng);
  }

  /**
   * {@code n} windows of {@code context + 1} consecutive tokens; each window starts at a random
   * offset into fresh text from the source, so windows do not all begin at a sentence boundary.
   */
  static int[][] windows(int n, int context, Random rng, Source source) {
    if (context < 1) {
      throw new IllegalArgumentException("context must be >= 1, got " + context);
    }
    int[][] out = new int[n][];
    List<Integer> text = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      text.clear();
      int skip = rng.nextInt(8);
      while (text.size() < skip + context + 1) {
        for (int t : source.next(rng)) {
          text.add(t);
        }
      }
      int[] w = new int[context + 1];
      for (int k = 0; k <= context; k++) {
        w[k] = text.get(skip + k);
      }
      out[i] = w;
    }
    return out;
  }

  private static Dataset dataset(String name, int[][] train, int[][] probe, int vocab, DataType dtype) {
    return new Dataset(name, tokens(train, 0, dtype), tokens(train, 1, dtype), tokens(probe, 0, dtype),
        tokens(probe, 1, dtype), vocab);
  }

  /** Columns {@code from .. from + T - 1} of each window as an [n, T] array of ids. */
  private static INDArray tokens(int[][] windows, int from, DataType dtype) {
    int n = windows.length;
    int t = windows[0].length - 1;
    double[] v = new double[n * t];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < t; k++) {
        v[i * t + k] = windows[i][from + k];
      }
    }
    return Nd4j.create(v, new long[] {n, t}, DataType.DOUBLE).castTo(dtype);
  }
}
