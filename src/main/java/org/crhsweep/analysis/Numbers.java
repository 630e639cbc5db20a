package org.crhsweep.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The one format of a hyper-parameter (learning rate, weight decay, noise scale) wherever the report
 * or a claim prints it: three significant digits, plain between 0.001 and 10⁶, else {@code 3.13e-4}.
 */
public final class Numbers {

  private static final MathContext THREE = new MathContext(3);

  private Numbers() {}

  /** 0.01, 0.0632, 0.00125, 3.13e-4, 1e-5, 64, 0. */
  public static String hyper(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    BigDecimal rounded = new BigDecimal(v).round(THREE).stripTrailingZeros();
    if (abs >= 1e-3 && abs < 1e6) {
      return rounded.toPlainString();
    }
    String[] parts = String.format(Locale.ROOT, "%.2e", rounded.doubleValue()).split("e");
    String mantissa = parts[0].contains(".") ? parts[0].replaceFirst("0+$", "").replaceFirst("\\.$", "") : parts[0];
    return mantissa + "e" + Integer.parseInt(parts[1]);
  }
}
