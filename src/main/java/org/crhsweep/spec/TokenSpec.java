package org.crhsweep.spec;

import java.io.Serializable;

/**
 * The parameters of a token language ({@code dataset.kind} modular_addition or markov): every sample is a
 * window of {@code context} tokens and its next tokens. Modular addition uses {@code modulus} (p) and
 * {@code trainFraction} (the share of the p² pairs seen in training); a Markov language {@code vocab},
 * {@code order} and {@code branching}. Fields of the other language are stored as 0.
 */
public record TokenSpec(DatasetKind kind, int context, int modulus, double trainFraction, int vocab, int order,
    int branching) implements Serializable {
  public static final int MAX_CONTEXT = 1024;
  public static final int DEFAULT_CONTEXT = 16;
  public static final int DEFAULT_MODULUS = 13;
  public static final double DEFAULT_TRAIN_FRACTION = 0.5;
  public static final int DEFAULT_VOCAB = 16;
  public static final int DEFAULT_ORDER = 1;
  public static final int DEFAULT_BRANCHING = 3;

  public TokenSpec {
    Check.notNull("dataset.kind", kind);
    Check.between("dataset.context", context, 1, MAX_CONTEXT);
    if (kind == DatasetKind.MODULAR_ADDITION) {
      Check.between("dataset.p", modulus, 2, 1000);
      Check.inRange("dataset.train_fraction", trainFraction, 0, false, 1, false);
      long pairs = (long) modulus * modulus;
      long cut = Math.round(trainFraction * pairs);
      if (cut < 1 || cut >= pairs) {
        throw SpecException.field("dataset.train_fraction", "leaves no pairs for one split with p = " + modulus
            + ", got " + Check.num(trainFraction));
      }
      vocab = 0;
      order = 0;
      branching = 0;
    } else if (kind == DatasetKind.MARKOV) {
      Check.between("dataset.vocab", vocab, 2, 65536);
      Check.atLeast("dataset.order", order, 1);
      if (Math.pow(vocab, order) > (1 << 20)) {
        throw SpecException.field("dataset.order", "must keep vocab^order <= 2^20 contexts (vocab " + vocab
            + "), got " + order);
      }
      Check.between("dataset.branching", branching, 1, vocab);
      modulus = 0;
      trainFraction = 0;
    } else {
      throw SpecException.field("dataset.kind", "token parameters need modular_addition or markov, got "
          + Check.quote(kind.label()));
    }
  }

  /** Vocabulary of the language: p numbers and '+', '=', ';' for modular addition. */
  public int vocabulary() {
    return kind == DatasetKind.MODULAR_ADDITION ? modulus + 3 : vocab;
  }

  /** E.g. {@code p13-f0.5-t16} or {@code v16-k1-b3-t16}. */
  public String label() {
    return kind == DatasetKind.MODULAR_ADDITION
        ? "p" + modulus + "-f" + Check.num(trainFraction) + "-t" + context
        : "v" + vocab + "-k" + order + "-b" + branching + "-t" + context;
  }
}
