package org.crhsweep.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.data.MarkovLanguage;
import org.crhsweep.data.SyntheticData;
import org.crhsweep.data.TokenData;
import org.crhsweep.spec.DatasetSpec;
import org.crhsweep.spec.Normalization;
import org.crhsweep.store.ParquetDataset;
import org.crhsweep.store.ResultStore;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The datasets of this JVM, built from their spec: a dataset is deterministic in its spec, so points
 * that share one (on one executor, or in one test JVM) build it once and reuse it.
 */
final class DatasetCache {

  /** Keyed by spec, probe samples and dtype; cleared past 8 entries so a long sweep cannot hoard them. */
  private static final Map<String, Dataset> DATA = new ConcurrentHashMap<>();

  private DatasetCache() {}

  /** The dataset of a spec, built once per JVM; Parquet data is read with the store's Hadoop settings. */
  static Dataset dataset(DatasetSpec spec, int probeSamples, DataType dtype, ResultStore store) {
    String key = spec + "|" + probeSamples + "|" + dtype;
    if (DATA.size() > 8) {
      DATA.clear();
    }
    return DATA.computeIfAbsent(key, k -> switch (spec.kind()) {
      case TEACHER_STUDENT -> SyntheticData.teacherStudent(spec.inputDim(), spec.outputDim(), spec.teacherWidth(),
          spec.noise(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case GAUSSIAN_MIXTURE -> SyntheticData.gaussianMixture(spec.inputDim(), spec.outputDim(), spec.separation(),
          spec.noise(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case FASHION_MNIST -> FashionMnist.load(Path.of(spec.dir()), spec.trainSize(), probeSamples, spec.seed(),
          spec.normalize() == Normalization.STANDARDIZE, dtype);
      case MODULAR_ADDITION -> TokenData.modularAddition(spec.tokens().modulus(), spec.tokens().context(),
          spec.tokens().trainFraction(), spec.trainSize(), probeSamples, spec.seed(), dtype);
      case MARKOV -> TokenData.markov(new MarkovLanguage(spec.tokens().vocab(), spec.tokens().order(),
          spec.tokens().branching(), spec.seed()), spec.tokens().context(), spec.trainSize(), probeSamples,
          spec.seed(), dtype);
      case PARQUET -> ParquetDataset.load(spec.parquet().path(), spec.parquet().features(), spec.parquet().label(),
          spec.trainSize(), probeSamples, spec.seed(), dtype, store.conf());
    });
  }
}
