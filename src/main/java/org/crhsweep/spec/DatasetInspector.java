package org.crhsweep.spec;

/**
 * The driver's pre-flight look at a dataset that lives in files ({@code dataset.kind} parquet), so that shapes and
 * loss come from the data and a missing path or column is a one-line {@link SpecException} before Spark starts.
 * Implemented outside this package (it needs a file system); {@link #NONE} looks at nothing, which leaves a Parquet
 * spec's loss as written (cross_entropy when absent).
 */
@FunctionalInterface
public interface DatasetInspector {

  DatasetInspector NONE = dataset -> null;

  /** The shape of {@code dataset} (kind parquet), or null if this inspector does not look; SpecException on trouble. */
  DatasetShape inspect(DatasetSpec dataset);
}
