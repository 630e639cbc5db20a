package org.crhsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Transaction;

/**
 * What a sweep's phases rows were computed from: the snapshots of the tables the phases job read (points,
 * alignment, exponents), the hash of the sweep's stored spec (its thresholds) and the code version. The phases
 * job records it in the phases table's properties in the same commit as the rows ({@link
 * ResultTables#replacePhases(String, TableRows, PhasesSource)}); the rows are current while a fresh reading
 * ({@link #now}) equals it. Any commit to those tables, from any sweep or from compaction, makes them stale.
 */
public record PhasesSource(long points, long alignment, long exponents, String specHash, String codeVersion) {

  /** The snapshot id recorded for a table that has none yet. */
  public static final long NO_SNAPSHOT = -1;
  /** The tables the phases job reads, in the order of the record's components. */
  static final List<Table> READ = List.of(Table.POINTS, Table.ALIGNMENT, Table.EXPONENTS);
  /** The classes whose bytecode stands in for the code version of a build from uncommitted changes. */
  private static final List<String> PHASE_CLASSES = List.of("org/crhsweep/phase/PhaseJob.class",
      "org/crhsweep/phase/PhaseClassifier.class", "org/crhsweep/phase/FinalValues.class",
      "org/crhsweep/phase/FinalLayer.class", "org/crhsweep/spec/PhaseSpec.class");

  public PhasesSource {
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(codeVersion, "codeVersion");
  }

  /** A recorded source and when its rows were written (an ISO-8601 instant, for people; never compared). */
  public record Recorded(PhasesSource source, String written) {}

  /**
   * The source a phases job starting now reads: the tables' current snapshot ids, taken before any read, so a
   * commit landing after this reading makes the rows written from it stale, never falsely current.
   */
  public static PhasesSource now(ResultTables tables, String specHash) {
    long[] ids = new long[READ.size()];
    for (int i = 0; i < ids.length; i++) {
      org.apache.iceberg.Table t = tables.table(READ.get(i));
      t.refresh();
      Snapshot s = t.currentSnapshot();
      ids[i] = s == null ? NO_SNAPSHOT : s.snapshotId();
    }
    return new PhasesSource(ids[0], ids[1], ids[2], specHash, currentCodeVersion());
  }

  /** The snapshot to read each table at (tables with no snapshot yet are absent: they are read as they are). */
  public Map<Table, Long> snapshots() {
    Map<Table, Long> at = new EnumMap<>(Table.class);
    long[] ids = {points, alignment, exponents};
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != NO_SNAPSHOT) {
        at.put(READ.get(i), ids[i]);
      }
    }
    return at;
  }

  /** The phases table property that holds a sweep's recorded source. */
  public static String property(String sweep) {
    return "crh.phases." + sweep + ".source";
  }

  /** What the sweep's phases rows were recorded as computed from, or null if nothing (or nothing readable) is. */
  public static Recorded recorded(ResultTables tables, String sweep) {
    org.apache.iceberg.Table phases = tables.table(Table.PHASES);
    phases.refresh();
    return decode(phases.properties().get(property(sweep)));
  }

  /**
   * Adds to {@code tx} (the transaction that replaces the sweep's phases rows) the record of their source, or its
   * removal when the source is unknown (rows written by migration), so the record never outlives its rows.
   */
  static void record(Transaction tx, String sweep, PhasesSource source) {
    var update = tx.updateProperties();
    if (source == null) {
      update.remove(property(sweep));
    } else {
      update.set(property(sweep), source.encode(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }
    update.commit();
  }

  String encode(Instant written) {
    return "points=" + points + " alignment=" + alignment + " exponents=" + exponents + " spec=" + specHash
        + " code=" + codeVersion + " written=" + written;
  }

  /** The inverse of {@link #encode}; null for null or a value in another format (then the rows count as stale). */
  static Recorded decode(String value) {
    if (value == null) {
      return null;
    }
    Map<String, String> fields = new HashMap<>();
    for (String part : value.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      fields.put(part.substring(0, eq), part.substring(eq + 1));
    }
    try {
      return new Recorded(new PhasesSource(Long.parseLong(fields.get("points")),
          Long.parseLong(fields.get("alignment")), Long.parseLong(fields.get("exponents")),
          Objects.requireNonNull(fields.get("spec")), Objects.requireNonNull(fields.get("code"))),
          Objects.requireNonNull(fields.get("written")));
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }

  /**
   * The code version the rows depend on: the git SHA of the build; for a build from uncommitted changes (whose
   * SHA stays while the code changes) or of unknown origin, also a digest of the phase job's classes, so a
   * rebuilt classifier recomputes.
   */
  public static String currentCodeVersion() {
    String sha = Provenance.currentCodeVersion();
    if (!sha.endsWith("-dirty") && !"unknown".equals(sha)) {
      return sha;
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String c : PHASE_CLASSES) {
        try (InputStream in = PhasesSource.class.getClassLoader().getResourceAsStream(c)) {
          d.update((in == null ? c : "").getBytes(StandardCharsets.UTF_8));
          if (in != null) {
            d.update(in.readAllBytes());
          }
        }
      }
      return sha + "+" + HexFormat.of().formatHex(d.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the phase job's classes for the code version", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
