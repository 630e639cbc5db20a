package org.crhsweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TokenDataTest {

  private static int[][] ints(org.nd4j.linalg.api.ndarray.INDArray a) {
    return a.toIntMatrix();
  }

  /** Pairs (a, b) of every complete equation `a + b = c` in the windows; checks c = (a + b) mod p. */
  private static Set<Integer> checkedPairs(int[][] x, int[][] y, int p) {
    Set<Integer> pairs = new HashSet<>();
    for (int i = 0; i < x.length; i++) {
      int t = x[i].length;
      int[] w = new int[t + 1];
      System.arraycopy(x[i], 0, w, 0, t);
      w[t] = y[i][t - 1];
      for (int k = 0; k + 4 <= t; k++) {
        if (w[k] < p && w[k + 1] == p && w[k + 2] < p && w[k + 3] == p + 1) {
          assertThat(w[k + 4]).as("window %d at %d", i, k).isEqualTo((w[k] + w[k + 2]) % p);
          pairs.add(w[k] * p + w[k + 2]);
        }
      }
    }
    return pairs;
  }

  @Test
  void modularAdditionTextObeysTheRuleAndHoldsOutPairs() {
    int p = 7;
    Dataset d = TokenData.modularAddition(p, 12, 0.6, 400, 200, 3, DataType.FLOAT);
    assertThat(d.classes()).isEqualTo(p + 3);
    assertThat(d.trainX().shape()).containsExactly(400, 12);
    assertThat(d.probeY().shape()).containsExactly(200, 12);
    int[][] x = ints(d.trainX());
    int[][] y = ints(d.trainY());
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k + 1 < 12; k++) {
        assertThat(y[i][k]).isEqualTo(x[i][k + 1]);
      }
    }
    Set<Integer> train = checkedPairs(x, y, p);
    Set<Integer> probe = checkedPairs(ints(d.probeX()), ints(d.probeY()), p);
    assertThat(train).hasSize(29); // round(0.6 * 49) pairs, all seen in 400 windows
    assertThat(probe).hasSize(20).doesNotContainAnyElementsOf(train);
  }

  @Test
  void sameSeedSameTextOtherSeedOtherText() {
    Dataset a = TokenData.modularAddition(5, 8, 0.5, 50, 10, 1, DataType.DOUBLE);
    Dataset b = TokenData.modularAddition(5, 8, 0.5, 50, 10, 1, DataType.DOUBLE);
    Dataset c = TokenData.modularAddition(5, 8, 0.5, 50, 10, 2, DataType.DOUBLE);
    assertThat(a.trainX()).isEqualTo(b.trainX());
    assertThat(a.probeY()).isEqualTo(b.probeY());
    assertThat(a.trainX()).isNotEqualTo(c.trainX());
  }

  @Test
  void markovTextUsesOnlyAllowedTransitionsAndMatchesTheEntropyRate() {
    MarkovLanguage lang = new MarkovLanguage(6, 2, 3, 11);
    Dataset d = TokenData.markov(lang, 16, 600, 100, 5, DataType.FLOAT);
    assertThat(d.classes()).isEqualTo(6);
    int[][] x = ints(d.trainX());
    int[][] y = ints(d.trainY());
    double nll = 0;
    int count = 0;
    for (int i = 0; i < x.length; i++) {
      for (int k = 1; k < 16; k++) {
        double q = lang.probability(lang.context(x[i], k + 1), y[i][k]);
        assertThat(q).as("transition at window %d position %d", i, k).isPositive();
        nll -= Math.log(q);
        count++;
      }
    }
    // The empirical per-token loss of the true model over 9000 transitions is the entropy rate.
    assertThat(nll / count).isCloseTo(lang.entropyRate(), within(0.03));
  }

  @Test
  void deterministicChainHasZeroEntropyAndUniformChoiceHasLogBranching() {
    assertThat(new MarkovLanguage(5, 1, 1, 0).entropyRate()).isCloseTo(0, within(1e-12));
    MarkovLanguage two = new MarkovLanguage(4, 1, 2, 0);
    assertThat(two.entropyRate()).isBetween(0.0, Math.log(2) + 1e-12);
  }

  @Test
  void badParametersAreOneLineErrors() {
    assertThatThrownBy(() -> TokenData.modularAddition(1, 8, 0.5, 10, 10, 0, DataType.FLOAT))
        .hasMessage("modular addition needs a modulus p >= 2, got 1");
    assertThatThrownBy(() -> TokenData.modularAddition(5, 8, 1.0, 10, 10, 0, DataType.FLOAT))
        .hasMessage("train_fraction must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new MarkovLanguage(4, 1, 5, 0))
        .hasMessage("branching must be in [1, vocab = 4], got 5");
  }
}
