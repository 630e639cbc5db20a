package org.crhsweep.cli;

import picocli.CommandLine.Option;

/**
 * A store command about one sweep: {@code --sweep} declared once for phases, report, compact and repair
 * (picocli reads options of a superclass as it reads a mixin's), so its name, help and check cannot drift.
 */
abstract class OneSweepCommand extends StoreCommand {

  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "Sweep name (the spec's name).")
  String sweep;
}
