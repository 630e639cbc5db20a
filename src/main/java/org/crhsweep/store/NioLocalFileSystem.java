package org.crhsweep.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, checksums included), except that it sets permissions with the
 * JDK's {@link Files#setPosixFilePermissions} instead of forking a {@code chmod} process, which is what Hadoop
 * does when its native library (libhadoop.so, not shipped in Maven artifacts) is not loaded. Every file and
 * directory a point commits gets its permission set, 15 per point, and a fork costs ~13 ms on the machines
 * here: two thirds of a small point's fixed cost. Where the native library is loaded, or a permission has the
 * sticky bit (which POSIX file attributes cannot express), or the file system is not POSIX, Hadoop's own
 * path runs unchanged.
 *
 * <p>Only the store's own configuration ({@link ResultStore#conf}) names it, through {@link #configure}, and
 * uncached: Hadoop caches one file system per scheme for the JVM whatever the configuration asked for, and
 * Spark's reads keep Hadoop's own instance. The store's writers (points, checkpoints, locks, the phases table)
 * each get a fresh instance of this one, which costs microseconds.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  static final String IMPL_KEY = "fs.file.impl";
  static final String NO_CACHE_KEY = "fs.file.impl.disable.cache";

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** Makes {@code conf} use this class, uncached, for {@code file://} unless it names an implementation already. */
  static Configuration configure(Configuration conf) {
    if (conf.get(IMPL_KEY) == null) {
      conf.set(IMPL_KEY, NioLocalFileSystem.class.getName());
      conf.setBoolean(NO_CACHE_KEY, true);
    }
    return conf;
  }

  /**
   * {@code fs} without checksum files: the raw layer of a local file system (locks and footer checks read and
   * write a few bytes in place, where a {@code .crc} beside them would only go stale), any other unchanged.
   */
  static FileSystem withoutChecksums(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** The raw (checksum-free) layer, where Hadoop sets permissions. */
  static final class Raw extends RawLocalFileSystem {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!POSIX || permission.getStickyBit() || NativeIO.isAvailable()) {
        super.setPermission(p, permission);
        return;
      }
      // FsPermission prints rwxr-x--- exactly as PosixFilePermissions reads it (no sticky bit here).
      Files.setPosixFilePermissions(pathToFile(p).toPath(),
          java.nio.file.attribute.PosixFilePermissions.fromString(permission.toString()));
    }
  }
}
