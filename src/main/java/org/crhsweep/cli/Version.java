package org.crhsweep.cli;

import org.crhsweep.store.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code crh --version}: the git SHA the build came from. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"crh-sweep " + Provenance.currentCodeVersion() + " (Java " + System.getProperty("java.version") + ")"};
  }
}
