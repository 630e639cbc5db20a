package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesMarkupAmpersandsAndQuotes() {
    assertThat(Html.escape("<script>alert(1)</script> & \"q\" 'a'"))
        .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
    assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.escape("plain fc1")).isEqualTo("plain fc1");
  }

  @Test
  void truncatesWithAnEllipsis() {
    assertThat(Html.truncate("abcdef", 3)).isEqualTo("abc\u2026");
    assertThat(Html.truncate("abc", 3)).isEqualTo("abc");
    assertThat(Html.truncate(null, 3)).isNull();
  }

  @Test
  void formatsHyperParametersAsWritten() {
    assertThat(Html.number(0.01)).isEqualTo("0.01");
    assertThat(Html.number(0.001)).isEqualTo("0.001");
    assertThat(Html.number(0.0)).isEqualTo("0");
    assertThat(Html.number(1e-5)).isEqualTo("1e-5");
    assertThat(Html.number(2.5e-4)).isEqualTo("2.5e-4");
    assertThat(Html.number(64)).isEqualTo("64");
    // One format everywhere, three significant digits: the contents list, the tables and the axes.
    assertThat(Html.number(0.0632455532)).isEqualTo("0.0632");
    assertThat(Html.number(0.01 / 32)).isEqualTo("3.13e-4");
    assertThat(Html.number(0.00125)).isEqualTo("0.00125");
    assertThat(Html.number(0.003125)).isEqualTo("0.00313");
    assertThat(Html.general(0.42357921600341797)).isEqualTo("0.424");
    assertThat(Html.fixed(0.8349, 2)).isEqualTo("0.83");
    assertThat(Html.fixed(Double.NaN, 2)).isEqualTo("\u2013");
  }
}
