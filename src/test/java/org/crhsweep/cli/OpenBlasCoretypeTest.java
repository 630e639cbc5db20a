package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/openblas-coretype.sh picks OpenBLAS's kernels from a machine's CPU flags (OpenBLAS 0.3.19 took a Zen 5
 * for a 2008 Barcelona) and keeps a value the user set.
 */
class OpenBlasCoretypeTest {

  @TempDir
  Path dir;

  private static final String ZEN5 = "fpu sse2 avx avx2 fma avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl";

  @Test
  void avx512PicksSkylakeXAndAvx2PicksHaswell() throws Exception {
    assertThat(choose(ZEN5, null)).isEqualTo("SKYLAKEX");
    assertThat(choose("fpu sse2 avx avx2 fma bmi2", null)).isEqualTo("HASWELL");
    // AVX-512 without BW (Knights Landing) cannot run the SKYLAKEX kernels: AVX2 ones then.
    assertThat(choose("fpu sse2 avx avx2 fma avx512f avx512cd avx512er", null)).isEqualTo("HASWELL");
    assertThat(choose("fpu sse2 sse4_2 avx", null)).as("no AVX2: OpenBLAS decides").isEqualTo("(unset)");
    // An ARM cpuinfo has no flags line: nothing is set, and the launcher (set -euo pipefail) goes on.
    assertThat(run("processor\t: 0\nFeatures\t: fp asimd\n", null)).isEqualTo("(unset)");
  }

  @Test
  void aValueTheUserSetIsKept() throws Exception {
    assertThat(choose(ZEN5, "ZEN")).isEqualTo("ZEN");
    assertThat(choose(ZEN5, "")).isEqualTo("");
  }

  /** OPENBLAS_CORETYPE after sourcing the script and calling it with a cpuinfo of these flags. */
  private String choose(String flags, String preset) throws Exception {
    return run("processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: " + flags + "\n\nprocessor\t: 1\n", preset);
  }

  /** The same with a whole cpuinfo, under the launchers' shell options. */
  private String run(String cpuinfo, String preset) throws Exception {
    Path info = Files.writeString(dir.resolve("cpuinfo"), cpuinfo);
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "set -euo pipefail; source jobs/openblas-coretype.sh;"
        + " crh_openblas_coretype; echo \"${OPENBLAS_CORETYPE-(unset)}\""));
    pb.environment().remove("OPENBLAS_CORETYPE");
    if (preset != null) {
      pb.environment().put("OPENBLAS_CORETYPE", preset);
    }
    pb.environment().put("CRH_CPUINFO", info.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(err).isZero();
    return out;
  }
}
