package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.MarkovLanguage;
import org.crhsweep.data.TokenData;
import org.crhsweep.model.Transformer;
import org.crhsweep.model.TransformerShape;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A small transformer learns a Markov language with AdamW: its probe loss falls well below log(vocab). */
class TransformerTrainingTest {

  private static final Logger LOG = LoggerFactory.getLogger(TransformerTrainingTest.class);

  @Test
  void learnsTheMarkovLanguageTowardsItsEntropyRate() {
    int vocab = 8;
    int context = 8;
    MarkovLanguage language = new MarkovLanguage(vocab, 1, 2, 11);
    Dataset data = TokenData.markov(language, context, 512, 64, 12, DataType.FLOAT);
    Transformer model = Transformer.build(new TransformerShape(vocab, context, 1, 16, 2, 2, true, 256),
        DataType.FLOAT, 13);
    List<TrainingStats> seen = new ArrayList<>();
    List<List<LayerProbe>> probes = new ArrayList<>();
    int steps = 150;
    TrainConfig cfg = new TrainConfig(3e-3, 16, 0.01, 0, steps, false, new long[] {0, steps}, 14,
        Optimizer.adamw(0.9, 0.99, 1e-8));
    long start = System.nanoTime();
    TrainResult result = new Trainer(model, data, cfg, new Prober(List.of(Stat.NORMALIZED), 0, 1e-6, 1),
        (s, l) -> {
          seen.add(s);
          probes.add(l);
        }).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.diverged()).isFalse();
    double perTokenStart = seen.get(0).probeLoss() / context;
    double perToken = seen.get(1).probeLoss() / context;
    double floor = language.entropyRate();
    LOG.info("markov transformer: probe loss {} -> {} nats/token (log V = {}, entropy rate {}), accuracy {}, {} s",
        perTokenStart, perToken, Math.log(vocab), floor, seen.get(1).accuracy(), seconds);
    assertThat(perTokenStart).isGreaterThan(0.8 * Math.log(vocab));
    assertThat(perToken).isLessThan(0.5 * Math.log(vocab)).isGreaterThan(floor - 0.05);
    // Two successors per token: the best guess is right at least half the time, chance is 1/8.
    assertThat(seen.get(1).accuracy()).isGreaterThan(0.45);
    assertThat(probes.get(1)).hasSize(7);
    assertThat(seen.get(1).gradNorm()).isPositive().isFinite();
  }
}
