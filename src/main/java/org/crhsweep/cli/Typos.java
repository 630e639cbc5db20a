package org.crhsweep.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Finds a mistyped command or option before anything runs, so that it is what the user hears about: picocli
 * reports a missing required option ahead of an unknown one, takes a later word ({@code --to report}) for the
 * command when the first is mistyped, and honours {@code --help} next to an unknown command. The message names
 * the unknown word and, when one is close (at most two edits), what was probably meant.
 */
final class Typos {

  private Typos() {}

  /** The one-line problem (without the {@code crh: } prefix) of the first unknown command or option, if any. */
  static Optional<String> find(CommandLine top, String... args) {
    if (args.length > 0 && !args[0].startsWith("-") && !top.getSubcommands().containsKey(args[0])) {
      Collection<String> commands = top.getSubcommands().keySet();
      return Optional.of("unknown command " + quote(args[0]) + hint(args[0], commands)
          + "; commands: " + String.join(", ", commands));
    }
    ParseResult parsed;
    try {
      parsed = collectingErrors(top).parseArgs(args);
    } catch (ParameterException e) {
      return Optional.empty(); // not a typo: execute() reports it as usual
    }
    for (ParseResult r = parsed; r != null; r = r.subcommand()) {
      for (Exception e : r.errors()) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
          return Optional.of(describe(u));
        }
      }
    }
    return Optional.empty();
  }

  private static String describe(UnmatchedArgumentException u) {
    CommandLine cmd = u.getCommandLine();
    String word = u.getUnmatched().get(0);
    String see = "; see " + cmd.getCommandSpec().qualifiedName() + " --help";
    if (u.isUnknownOption()) {
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      List<String> options = new ArrayList<>();
      for (OptionSpec option : cmd.getCommandSpec().options()) {
        if (!option.hidden()) {
          options.addAll(List.of(option.names()));
        }
      }
      return "unknown option " + quote(name) + hint(name, options) + see;
    }
    return "unexpected argument " + quote(word) + see;
  }

  /** A picocli parser of the same commands that records every error instead of stopping at the first. */
  private static CommandLine collectingErrors(CommandLine top) {
    CommandLine copy = new CommandLine(top.getCommandSpec().userObject().getClass());
    copy.getCommandSpec().parser().collectErrors(true);
    for (CommandLine sub : copy.getSubcommands().values()) {
      sub.getCommandSpec().parser().collectErrors(true);
    }
    return copy;
  }

  /** {@code  (did you mean 'x'?)} for the closest candidate within two edits, else nothing. */
  static String hint(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= 2 && bestDistance < word.length() ? " (did you mean " + quote(best) + "?)"
        : "";
  }

  /** Edit distance with adjacent transpositions (optimal string alignment): {@code repotr} is one from {@code report}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }
}
