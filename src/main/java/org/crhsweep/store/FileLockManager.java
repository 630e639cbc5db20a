package org.crhsweep.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.LockManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iceberg's commit lock for the Hadoop catalog, across processes: a lock is a file created exclusively
 * ({@code O_EXCL} on local disks, {@code create(overwrite=false)} on HDFS) next to the table's metadata.
 * The Hadoop catalog commits by renaming a new {@code vN.metadata.json} into place after checking that it
 * does not exist; on a local disk that check and the rename are two steps, so two processes committing at
 * once could both write version N and one commit would be lost. Iceberg's default lock covers the threads
 * of one JVM only; this one covers every driver writing into the same output root.
 *
 * <p>A lock is held for the check and the rename (milliseconds). One left by a killed process is taken
 * over once it is older than {@link #STALE_AFTER}; a committer waits at most {@code lock.acquire-timeout-ms}
 * (default two minutes) and then fails its commit, which leaves the point uncommitted for a rerun.
 */
public final class FileLockManager implements LockManager {

  /** A lock older than this was left by a process that died while committing. */
  static final Duration STALE_AFTER = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(FileLockManager.class);

  private long timeoutMillis = Duration.ofMinutes(2).toMillis();
  private long checkMillis = 20;

  @Override
  public void initialize(Map<String, String> properties) {
    timeoutMillis = Long.parseLong(properties.getOrDefault("lock.acquire-timeout-ms", String.valueOf(timeoutMillis)));
    checkMillis = Long.parseLong(properties.getOrDefault("lock.acquire-interval-ms", String.valueOf(checkMillis)));
  }

  @Override
  public boolean acquire(String entityId, String ownerId) {
    Path lock = lockFile(entityId);
    long deadline = System.currentTimeMillis() + timeoutMillis;
    try {
      FileSystem fs = fileSystem(lock);
      while (true) {
        if (SweepLock.createExclusive(fs, lock, ownerId + "\n")) {
          return true;
        }
        takeOverIfStale(fs, lock);
        if (System.currentTimeMillis() > deadline) {
          LOG.warn("commit lock {} still held after {} ms", lock, timeoutMillis);
          return false;
        }
        Thread.sleep(checkMillis);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("commit lock " + lock + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean release(String entityId, String ownerId) {
    Path lock = lockFile(entityId);
    try {
      FileSystem fs = fileSystem(lock);
      String owner = SweepLock.read(fs, lock);
      if (owner == null || !owner.trim().equals(ownerId)) {
        return false;
      }
      return fs.delete(lock, false);
    } catch (IOException e) {
      LOG.warn("could not release the commit lock {}: {}", lock, e.toString());
      return false;
    }
  }

  @Override
  public void close() {}

  /** One lock per table: the metadata directory of the version being committed. */
  static Path lockFile(String entityId) {
    Path target = new Path(entityId);
    Path dir = target.getParent() == null ? target : target.getParent();
    return new Path(dir, "_commit.lock");
  }

  private static FileSystem fileSystem(Path p) throws IOException {
    return NioLocalFileSystem.withoutChecksums(p.getFileSystem(new Configuration()));
  }

  private static void takeOverIfStale(FileSystem fs, Path lock) throws IOException {
    FileStatus st;
    try {
      st = fs.getFileStatus(lock);
    } catch (java.io.FileNotFoundException e) {
      return;
    }
    long age = System.currentTimeMillis() - st.getModificationTime();
    if (age > STALE_AFTER.toMillis()) {
      Path aside = new Path(lock.getParent(), "." + lock.getName() + "." + System.nanoTime() + ".stale");
      if (fs.rename(lock, aside)) {
        LOG.warn("took over the commit lock {}: {} s old, its committer died", lock, age / 1000);
        fs.delete(aside, false);
      }
    }
  }
}
