package org.crhsweep.store;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one way this project makes a file appear whole on a Hadoop file system: write it under a hidden
 * temporary name in the target's directory (Spark and the catalog ignore names starting with '.'),
 * then replace the target with one rename. The temporary file never outlives a failed write.
 */
final class AtomicFile {

  /** Writes the content of a file at the given (temporary) path. */
  interface Writer {
    void write(Path tmp) throws IOException;
  }

  private static final int RENAME_ATTEMPTS = 3;

  private AtomicFile() {}

  static void write(FileSystem fs, Path target, Writer writer) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      writer.write(tmp);
      // HDFS renames onto an existing file fail: delete first. A concurrent writer of the same file (a
      // retried task next to its zombie attempt) may recreate it between the two calls: try again.
      for (int attempt = 1; ; attempt++) {
        if (fs.exists(target)) {
          fs.delete(target, false);
        }
        if (fs.rename(tmp, target)) {
          break;
        }
        if (attempt == RENAME_ATTEMPTS) {
          throw new IOException("could not rename " + tmp + " to " + target + " (" + attempt + " attempts)");
        }
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, false);
      }
    }
  }
}
