package org.crhsweep.train;

import org.crhsweep.model.PackedMlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Trainer}'s SGD update for every member of a {@link PackedMlp} at once, as a few elementwise ops over
 * its flat parameter and gradient arrays instead of three per parameter. With per-entry arrays η (member k's
 * learning rate on member k's entries), D and Γ: without momentum {@code W ← D⊙W − η⊙G}, D = 1 − ηγ on decayed
 * entries (weights; biases too with decay_biases) and 1 elsewhere; with momentum μ
 * {@code v ← μv + G + Γ⊙W; W ← W − η⊙v}, Γ = γ on decayed entries and 0 elsewhere. Elementwise this is
 * Trainer's arithmetic in Trainer's order. A frozen member gets η = γ = 0, so its parameters stay as they are.
 * One per run, used by one thread.
 */
public final class PackedUpdate {

  private final PackedMlp model;
  private final double momentum;
  private final boolean decayBiases;
  private final double[] lr;
  private final double[] wd;
  /** η, D (no momentum) or Γ (momentum), per entry of the flat arrays; rebuilt only when a member freezes. */
  private INDArray rate;
  private INDArray decay;
  private boolean anyDecay;
  /** Momentum state and a work array, like the flat parameters; null without momentum. */
  private final INDArray velocity;
  private final INDArray scratch;

  public PackedUpdate(PackedMlp model, double momentum, boolean decayBiases, double[] lr, double[] wd) {
    if (lr.length != model.models() || wd.length != model.models()) {
      throw new IllegalArgumentException("need one learning rate and one weight decay per member (" + model.models()
          + "), got " + lr.length + " and " + wd.length);
    }
    this.model = model;
    this.momentum = momentum;
    this.decayBiases = decayBiases;
    this.lr = lr.clone();
    this.wd = wd.clone();
    INDArray flat = model.flatParams();
    this.velocity = momentum > 0 ? Nd4j.zerosLike(flat) : null;
    this.scratch = momentum > 0 ? Nd4j.zerosLike(flat) : null;
    rebuild();
  }

  /** Member i stops moving: no learning rate, no decay. */
  public void freeze(int i) {
    lr[i] = 0;
    wd[i] = 0;
    rebuild();
  }

  private void rebuild() {
    int k = lr.length;
    anyDecay = false;
    double[] onDecayed = new double[k];
    double[] off = new double[k];
    for (int i = 0; i < k; i++) {
      anyDecay |= wd[i] > 0;
      onDecayed[i] = momentum > 0 ? wd[i] : 1 - lr[i] * wd[i];
      off[i] = momentum > 0 ? 0 : 1;
    }
    rate = entries(lr, lr);
    decay = entries(onDecayed, decayBiases ? onDecayed : off);
  }

  private INDArray entries(double[] onWeights, double[] onBiases) {
    DataType dtype = model.flatParams().dataType();
    return Nd4j.createFromArray(model.layout().perEntry(onWeights, onBiases)).castTo(dtype);
  }

  /** One step with the gradients in {@link PackedMlp#flatGradients()} (consumed: scaled in place). */
  public void apply() {
    INDArray w = model.flatParams();
    INDArray g = model.flatGradients();
    if (momentum > 0) {
      // v ← μv + (∇W + γW); W ← W − ηv
      velocity.muli(momentum).addi(g);
      if (anyDecay) {
        velocity.addi(w.mul(decay, scratch));
      }
      w.subi(velocity.mul(rate, scratch));
    } else {
      // W ← (1 − ηγ)W − η∇W
      if (anyDecay) {
        w.muli(decay);
      }
      w.subi(g.muli(rate));
    }
  }
}
