package org.crhsweep.spec;

import java.util.List;

/**
 * The checks a sweep's Parquet dataset can only pass with its {@link DatasetShape} in hand: the loss agrees with
 * the labels, an image shape multiplies to the feature length, and the rows cover the probe set, the training set
 * and every batch size. Each failure is a one-line {@link SpecException} naming the spec field to change.
 */
final class DataFit {

  private DataFit() {}

  static void check(DatasetShape shape, DatasetSpec dataset, TrainingSpec training, ProbeSpec probe,
      List<Integer> batchSizes) {
    ParquetSpec p = dataset.parquet();
    if (training.loss() != shape.loss()) {
      throw SpecException.field("training.loss", "must be " + shape.loss().label() + " for dataset.path " + p.path()
          + " (column " + Check.quote(p.label()) + " holds "
          + (shape.classes() ? "integer classes" : "numbers, not integer classes") + "), got "
          + Check.quote(training.loss().label()));
    }
    int[] image = p.imageShape();
    if (image != null && (long) image[0] * image[1] * image[2] != shape.featureLength()) {
      throw SpecException.field("dataset.image", "must multiply to the feature length " + shape.featureLength()
          + " of column " + Check.quote(p.features()) + ", got " + p.image());
    }
    long rows = shape.rows();
    int samples = probe.samples();
    if (rows - samples < 1) {
      throw SpecException.field("probe.samples", "must leave training rows in the " + rows + " rows of dataset.path "
          + p.path() + ", got " + samples);
    }
    long train = dataset.trainSize() == 0 ? rows - samples : dataset.trainSize();
    if (train + samples > rows) {
      throw SpecException.field("dataset.train_size", "must be <= " + (rows - samples) + " (the " + rows
          + " rows of dataset.path " + p.path() + " minus probe.samples " + samples + "), got " + train);
    }
    for (int i = 0; i < batchSizes.size(); i++) {
      if (batchSizes.get(i) > train) {
        throw SpecException.field("grid.batch_size[" + i + "]", "must be <= the " + train
            + " training rows of dataset.path " + p.path() + ", got " + batchSizes.get(i));
      }
    }
  }
}
