package org.crhsweep.store;

/**
 * An output root whose tables were written under another path: Iceberg's metadata names every file by its full
 * path, so a copied root would read (and write) the original's files and a renamed one finds none of them.
 */
public final class MovedRootException extends IllegalStateException {

  public MovedRootException(String root, String writtenAt) {
    super("the tables under " + root + " were written at " + writtenAt + ", and Iceberg's metadata names every file"
        + " by that path, so a copied or renamed output root cannot be used in place: use the root at " + writtenAt
        + " (move it back there), or run crh export --format parquet there for a copy readable anywhere");
  }
}
