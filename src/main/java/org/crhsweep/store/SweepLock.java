package org.crhsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one running driver per sweep and output root: {@code OUT/_locks/<sweep>.lock} names its owner
 * (host, pid) and carries a heartbeat the owner rewrites every {@link #HEARTBEAT}. A lock is stale, and
 * taken over at once, when its owner is on this host and its pid is gone (a killed driver rerun on the
 * same machine), or when its heartbeat is older than {@link #STALE_AFTER} (a driver elsewhere that died).
 * Creation is exclusive on local file systems and HDFS; on object stores it is best effort (the layout
 * still keeps every point once).
 */
public final class SweepLock implements AutoCloseable {

  public static final Duration HEARTBEAT = Duration.ofSeconds(10);
  public static final Duration STALE_AFTER = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(SweepLock.class);

  /** Another live driver holds the sweep's lock; the message names it and says when it goes stale. */
  public static final class HeldException extends RuntimeException {
    HeldException(String message) {
      super(message);
    }
  }

  /** Who holds a lock, as written in the lock file. */
  record Owner(String host, long pid, String token, Instant started, Instant heartbeat) {

    String text() {
      return "host=" + host + "\npid=" + pid + "\ntoken=" + token + "\nstarted=" + started + "\nheartbeat="
          + heartbeat + "\n";
    }

    static Owner parse(String text) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(text));
        return new Owner(p.getProperty("host"), Long.parseLong(p.getProperty("pid")), p.getProperty("token"),
            Instant.parse(p.getProperty("started")), Instant.parse(p.getProperty("heartbeat")));
      } catch (IOException | RuntimeException e) {
        return null; // being written right now, or not ours: treated as a live owner
      }
    }

    Owner beat(Instant now) {
      return new Owner(host, pid, token, started, now);
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final ScheduledExecutorService heart;
  private volatile Owner owner;

  private SweepLock(FileSystem fs, Path file, Owner owner) {
    this.fs = fs;
    this.file = file;
    this.owner = owner;
    this.heart = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "crh-sweep-lock");
      t.setDaemon(true);
      return t;
    });
    heart.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static Path lockFile(ResultStore store, String sweep) {
    return new Path(new Path(store.qualifiedRoot(), "_locks"), sweep + ".lock");
  }

  /** Takes the sweep's lock for this JVM, or throws {@link HeldException} when a live driver holds it. */
  public static SweepLock acquire(ResultStore store, String sweep) throws IOException {
    // no .crc files next to a file rewritten every heartbeat
    FileSystem fs = NioLocalFileSystem.withoutChecksums(store.fileSystem());
    Path file = lockFile(store, sweep);
    fs.mkdirs(file.getParent());
    Instant now = Instant.now();
    Owner me = new Owner(Provenance.hostName(), ProcessHandle.current().pid(), UUID.randomUUID().toString(), now,
        now);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (createExclusive(fs, file, me.text())) {
        LOG.info("sweep {}: lock {} taken (pid {})", sweep, file, me.pid());
        return new SweepLock(fs, file, me);
      }
      String text = read(fs, file);
      if (text == null) {
        continue; // released in between: try again
      }
      Owner held = Owner.parse(text);
      String why = staleReason(held, Instant.now());
      if (why == null) {
        throw new HeldException(heldMessage(sweep, store.qualifiedRoot(), held, file));
      }
      LOG.warn("sweep {}: taking over the lock {} ({})", sweep, file, why);
      takeOver(fs, file, held);
    }
    throw new HeldException("sweep '" + sweep + "' lock " + file + " changed hands three times while taking it: "
        + "another driver is starting the same sweep; retry in a minute");
  }

  /** Why a lock is stale, or null when its owner may be alive. */
  static String staleReason(Owner held, Instant now) {
    if (held == null) {
      return null;
    }
    if (held.host().equals(Provenance.hostName())
        && !ProcessHandle.of(held.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return "its driver pid " + held.pid() + " on this host is gone";
    }
    Duration age = Duration.between(held.heartbeat(), now);
    if (age.compareTo(STALE_AFTER) > 0) {
      return "its last heartbeat is " + age.toSeconds() + " s old";
    }
    return null;
  }

  private static String heldMessage(String sweep, String root, Owner held, Path file) {
    if (held == null) {
      return "sweep '" + sweep + "' is already running under " + root + " (lock " + file
          + " is being written): wait for that run, it resumes nothing twice";
    }
    long ago = Math.max(0, Duration.between(held.heartbeat(), Instant.now()).toSeconds());
    return "sweep '" + sweep + "' is already running under " + root + " (driver pid " + held.pid() + " on "
        + held.host() + " since " + held.started() + ", heartbeat " + ago + " s ago): wait for it to finish; "
        + "if it is dead, rerun now on " + held.host() + " or after " + STALE_AFTER.toSeconds()
        + " s without heartbeat elsewhere (lock " + file + ")";
  }

  /** Moves a stale lock aside; puts it back if, in between, it was someone else's fresh lock. */
  private static void takeOver(FileSystem fs, Path file, Owner stale) throws IOException {
    Path aside = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".stale");
    if (!fs.rename(file, aside)) {
      return; // someone else moved it first
    }
    Owner moved = Owner.parse(String.valueOf(read(fs, aside)));
    if (moved != null && stale != null && !moved.token().equals(stale.token())) {
      fs.rename(aside, file); // a fresh lock taken between our read and our rename: give it back
      return;
    }
    fs.delete(aside, false);
  }

  static boolean createExclusive(FileSystem fs, Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if ("file".equals(file.toUri().getScheme())) {
      // Hadoop's local create checks and creates in two steps; O_EXCL is one.
      try (OutputStream out = Files.newOutputStream(java.nio.file.Path.of(file.toUri()), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(bytes);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // HDFS reports a lease held by another client this way
      }
      throw e;
    }
  }

  /** A small file's text, or null when it does not exist. */
  static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  private void beat() {
    try {
      Owner now = owner.beat(Instant.now());
      Owner onDisk = Owner.parse(String.valueOf(read(fs, file)));
      if (onDisk != null && !onDisk.token().equals(now.token())) {
        LOG.error("the sweep lock {} was taken over by pid {} on {}; this driver keeps running", file, onDisk.pid(),
            onDisk.host());
        return;
      }
      try (OutputStream out = fs.create(file, true)) {
        out.write(now.text().getBytes(StandardCharsets.UTF_8));
      }
      owner = now;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the sweep lock {}: {}", file, e.toString());
    }
  }

  /** Stops the heartbeat and removes the lock if it is still this JVM's. */
  @Override
  public void close() {
    heart.shutdownNow();
    try {
      Owner onDisk = Owner.parse(String.valueOf(read(fs, file)));
      if (onDisk != null && onDisk.token().equals(owner.token())) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the sweep lock {}: {}", file, e.toString());
    }
  }
}
