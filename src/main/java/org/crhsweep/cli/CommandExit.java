package org.crhsweep.cli;

/** Ends a command with an exit code after its message has been printed (no stack trace). */
final class CommandExit extends RuntimeException {

  final int code;

  CommandExit(int code) {
    super(null, null, false, false);
    this.code = code;
  }
}
