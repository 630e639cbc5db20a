package org.crhsweep.sweep;

import org.bytedeco.openblas.global.openblas;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

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
    // The probe calls OpenBLAS itself (linalg/HostBlas); on the CPU backend the line above already set this
    // pool, on CUDA it is the probe's alone.
    openblas.blas_set_num_threads(n);
    // OpenMP's thread count is per calling thread, and the caps above do not reach every parallel region of
    // libnd4j: pullRows took two threads on a task capped at one, and the second then spun ~7 ms on the other
    // core after each call (libgomp's default wait policy). This caps the calling thread's regions: call it on
    // the thread that runs the work (the Spark task's).
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
  }

  /** The backend name for the {@code backend} column: cpu or cuda. */
  public static String backend() {
    return HostMemory.CPU ? "cpu" : "cuda";
  }
}
