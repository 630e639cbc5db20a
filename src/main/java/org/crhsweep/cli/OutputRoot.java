package org.crhsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a local output root can take a sweep's results, asked before Spark starts so that a bad OUT costs no
 * Spark start-up: it must be a directory or creatable as one, on a writable file system, and a file must be
 * creatable in it (which also catches an immutable directory and missing permissions). Other schemes (hdfs://,
 * s3a://) are checked by taking the sweep's lock there, which writes under OUT.
 */
final class OutputRoot {

  private static final String PROBE_PREFIX = ".crh-write-check-";

  private OutputRoot() {}

  /** The local path of {@code out}, or empty for a URI of another file system. */
  static Optional<Path> local(String out) {
    if (out.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(out).getPath()));
    }
    return out.contains("://") ? Optional.empty() : Optional.of(Path.of(out));
  }

  /**
   * Exit code 2 after one line on {@code err} when the directory {@code dir}, given as {@code option}, cannot be
   * written ({@link #problem(String, String)}); null when it can. For the checks commands make before Spark starts.
   */
  static Integer refuse(String option, String dir, PrintWriter err) {
    Optional<String> bad = problem(option, dir);
    if (bad.isEmpty()) {
      return null;
    }
    err.println("crh: " + bad.get());
    err.flush();
    return Main.BAD_INPUT;
  }

  /**
   * Why the directory {@code out}, given as {@code option} ({@code --out}, or {@code --report} and {@code --to} for
   * a report), cannot be written (one line naming the option, without the {@code crh: } prefix), or empty when it can.
   */
  static Optional<String> problem(String option, String out) {
    Optional<Path> local = local(out);
    if (local.isEmpty()) {
      return Optional.empty();
    }
    Path dir = local.get().toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return Optional.of(option + " " + out + " is a file, not a directory: give a directory (it is created if missing)");
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return Optional.of(option + " " + out + " cannot be created: " + existing + " is a file, not a directory");
    }
    if (existing != null) {
      try {
        FileStore store = Files.getFileStore(existing);
        if (store.isReadOnly()) {
          return Optional.of(option + " " + out + " is on a read-only file system (" + store + "): give a directory "
              + "on a writable one");
        }
      } catch (IOException e) {
        // the write below tells
      }
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, PROBE_PREFIX, ".tmp");
      Files.delete(probe);
    } catch (FileSystemException e) {
      return Optional.of(describe(option, out, e));
    } catch (IOException e) {
      return Optional.of(option + " " + out + " cannot be written: " + Main.oneLine(e));
    }
    return Optional.empty();
  }

  /** The reason a write under OUT failed, in words (the OS reason and the path it concerned). */
  static String describe(String out, FileSystemException e) {
    return describe("--out", out, e);
  }

  /** As {@link #describe(String, FileSystemException)}, for the directory given as {@code option}. */
  static String describe(String option, String out, FileSystemException e) {
    String where = e.getFile() == null ? out : e.getFile();
    if (where.contains("/" + PROBE_PREFIX)) {
      where = where.substring(0, where.lastIndexOf('/')); // the directory, not the file that was to test it
    }
    String reason = e.getReason() == null ? "" : e.getReason();
    if (e instanceof AccessDeniedException) {
      return option + " " + out + " is not writable by user " + System.getProperty("user.name") + ": permission denied on "
          + where + " (give a writable directory, or fix its permissions)";
    }
    if (reason.contains("Read-only file system")) {
      return option + " " + out + " is on a read-only file system (writing " + where + " failed): give a directory on a "
          + "writable one";
    }
    if (reason.contains("Operation not permitted")) {
      return option + " " + out + " cannot be written: operation not permitted on " + where + " (an immutable "
          + "directory? lsattr -d shows 'i', chattr -i clears it)";
    }
    return option + " " + out + " cannot be written: " + where + (reason.isEmpty() ? "" : ": " + reason);
  }
}
