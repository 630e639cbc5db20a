package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A mistyped command or option is named, with what was probably meant, before any other complaint: exit 2. */
class CliTyposTest {

  private static final String COMMANDS = "commands: validate, sweep, sql, phases, report, export, dump, compact, repair, migrate";

  @Test
  void aMistypedCommandIsNamedEvenWhenALaterWordIsACommand() {
    // --to's value 'report' is not taken for the command.
    CliRun r = CliRun.of("raport", "--out", "runs", "--sweep", "quickstart", "--to", "report");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("crh: unknown command 'raport' (did you mean 'report'?); " + COMMANDS);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMistypedCommandAloneNamesTheCommandOnce() {
    CliRun r = CliRun.of("raport");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("crh: unknown command 'raport' (did you mean 'report'?); " + COMMANDS);
    assertThat(r.err()).doesNotContain("crh crh");
  }

  @Test
  void anUnknownCommandWithHelpIsRefusedNotAnsweredWithTheGeneralHelp() {
    CliRun r = CliRun.of("foo", "--help");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("crh: unknown command 'foo'; " + COMMANDS);
    assertThat(r.out()).doesNotContain("Usage:");
  }

  @Test
  void aMistypedOptionIsNamedBeforeTheRequiredOptionItLeavesMissing() {
    CliRun r = CliRun.of("report", "--out", "runs", "--swep", "quickstart", "--to", "report");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("crh: unknown option '--swep' (did you mean '--sweep'?); see crh report --help");
  }

  @Test
  void aMistypedOptionWithItsValueAttachedIsNamedWithoutTheValue() {
    CliRun r = CliRun.of("sql", "--out", "runs", "--limt=3", "SELECT 1");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("crh: unknown option '--limt' (did you mean '--limit'?); see crh sql --help");
  }

  @Test
  void otherOptionErrorsNameTheCommandOnce() {
    CliRun r = CliRun.of("sweep", "--spec", "conf/sweeps/tiny.yaml");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("crh: Missing required option: '--out=OUT'; see crh sweep --help");
    CliRun top = CliRun.of("--bogus");
    assertThat(top.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(top.err().strip()).isEqualTo("crh: unknown option '--bogus'; see crh --help");
  }

  @Test
  void helpAndVersionStillExitZero() {
    assertThat(CliRun.of("--help").code()).isZero();
    assertThat(CliRun.of("report", "--help").code()).isZero();
    assertThat(CliRun.of("--version").code()).isZero();
  }

  @Test
  void suggestionsAreWithinTwoEdits() {
    assertThat(Typos.hint("repotr", java.util.List.of("report", "sweep"))).isEqualTo(" (did you mean 'report'?)");
    assertThat(Typos.hint("swep", java.util.List.of("report", "sweep"))).isEqualTo(" (did you mean 'sweep'?)");
    assertThat(Typos.hint("xyzzy", java.util.List.of("report", "sweep"))).isEmpty();
  }
}
