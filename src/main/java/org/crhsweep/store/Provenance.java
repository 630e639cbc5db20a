package org.crhsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.List;
import java.util.Properties;

/** Where and by what a row was made: spec hash, code version (git SHA), backend, host. */
public record Provenance(String specHash, String codeVersion, String backend, String host) implements Serializable {

  /** The provenance columns that end every table, in {@link #values()} order. */
  static final List<Column> COLUMNS = List.of(Column.str("spec_hash"), Column.str("code_version"),
      Column.str("backend"), Column.str("host"));

  /** The provenance of rows made in this JVM for a spec. */
  public static Provenance here(String specHash, String backend) {
    return new Provenance(specHash, currentCodeVersion(), backend, hostName());
  }

  public Object[] values() {
    return new Object[] {specHash, codeVersion, backend, host};
  }

  /** The git SHA this build came from ({@code -dirty} when built from uncommitted changes), else "unknown". */
  public static String currentCodeVersion() {
    try (InputStream in = Provenance.class.getResourceAsStream("/crh-git.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String sha = p.getProperty("git.commit.id.abbrev", "unknown");
      return "true".equals(p.getProperty("git.dirty")) ? sha + "-dirty" : sha;
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
