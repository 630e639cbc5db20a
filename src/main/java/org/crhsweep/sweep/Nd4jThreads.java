package org.crhsweep.sweep;

import org.bytedeco.openblas.global.openblas;
import org.crhsweep.probe.HostMemory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's thread pools at the cores a Spark task owns: by default ND4J (OpenMP and BLAS) uses
 * every core of the executor, so several tasks per executor would fight over them.
 */
public final class Nd4jThreads {

  private Nd4jThreads() {}

  public static void limit(int threads) {
    int n = Math.max(1, threads);
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    Nd4j.factory().blas().setMaxThreads(n);
    // The probe calls OpenBLAS itself (probe/HostBlas); on the CPU backend the line above already set this
    // pool, on CUDA it is the probe's alone.
    openblas.blas_set_num_threads(n);
  }

  /** The backend name for the {@code backend} column: cpu or cuda. */
  public static String backend() {
    return HostMemory.CPU ? "cpu" : "cuda";
  }
}
