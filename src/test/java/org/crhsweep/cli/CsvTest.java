package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void fieldsAreQuotedOnlyWhenNeededAndQuotesAreDoubled() {
    assertThat(Csv.line(new String[] {"a", "b,c", "say \"hi\"", null, "x\ny"}))
        .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
  }
}
