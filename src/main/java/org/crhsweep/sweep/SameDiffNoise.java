package org.crhsweep.sweep;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * SameDiff 1.0.0-M2.1 prints "Added differentiated op ..." to System.out for every op each time a
 * model builds its gradient graph: dozens of lines per point that would bury the sweep's progress
 * line. This drops exactly those lines from standard output and passes everything else through.
 */
public final class SameDiffNoise {

  static final String NOISE = "Added differentiated op";
  private static boolean installed;

  private SameDiffNoise() {}

  public static synchronized void silence() {
    if (!installed) {
      System.setOut(new PrintStream(new LineFilter(System.out), true, StandardCharsets.UTF_8));
      installed = true;
    }
  }

  /** Buffers one line at a time and forwards it unless it is SameDiff's noise. */
  static final class LineFilter extends FilterOutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(OutputStream out) {
      super(out);
    }

    @Override
    public synchronized void write(int b) throws IOException {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      // A partial line (a progress line rewritten with \r) goes out now, unless it may be noise.
      if (line.size() > 0 && !line.toString(StandardCharsets.UTF_8).startsWith(NOISE.substring(0, 5))) {
        emit();
      }
      out.flush();
    }

    private void emit() throws IOException {
      String s = line.toString(StandardCharsets.UTF_8);
      if (!s.startsWith(NOISE)) {
        out.write(line.toByteArray());
      }
      line.reset();
    }
  }
}
