package org.crhsweep.model.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MlpKernel}'s elementwise activation steps on the JDK's Vector API, where this JVM has it: started with
 * {@code --add-modules=jdk.incubator.vector} (jobs/crh, jobs/submit.sh, conf/*.conf and the test JVMs pass it).
 * libnd4j's float tanh computes (1 − p)/(1 + p) with p = e^(−2|x|) by {@code powf}, one element at a time: ~5 ns
 * an element here, and up to ~1000 ulp off near 0 where 1 − p cancels. The JDK's vector tanh (Intel's SVML on
 * x86) is within 1 ulp and ~10x faster. tanh's gradient, relu and relu's gradient are ND4J's own arithmetic in
 * one pass each (the same bits), without an op call (a custom op's registry and shape work cost more than the
 * arithmetic at these sizes). Elsewhere (no module, another backend, a view, {@code -Dcrh.vector=off}, a Java
 * whose incubating API differs) the factories return null and the kernel keeps its ND4J ops, logging once why.
 */
final class VectorSteps {

  private static final Logger LOG = LoggerFactory.getLogger(VectorSteps.class);
  private static final String MODULE = "jdk.incubator.vector";

  /** Why the vector steps are off in this JVM, or null when they are on. */
  static final String OFF_BECAUSE = offBecause();
  private static volatile boolean told;

  private VectorSteps() {}

  private static String offBecause() {
    if ("off".equals(System.getProperty("crh.vector", "").toLowerCase(Locale.ROOT))) {
      return "-Dcrh.vector=off";
    }
    if (!HostMemory.CPU) {
      return "arrays are not in host memory (CUDA backend)";
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "this JVM was started without --add-modules=" + MODULE;
    }
    // The incubating API changes between Java versions (19 replaced the byte-buffer methods these loops use):
    // one tiny run here decides, so a JVM it does not fit keeps ND4J's ops instead of failing every point.
    try {
      // 67 entries: whole vectors of any width, and a partial last one; every loop of VectorKernels once (relu and
      // its gradient leave tanh(0.5) · (1 − tanh²(0.5)), positive, as it is).
      int n = 67;
      ByteBuffer f = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
      ByteBuffer d = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder());
      for (int i = 0; i < n; i++) {
        f.putFloat(4 * i, 0.5f);
        d.putDouble(8 * i, 0.5);
      }
      VectorKernels.tanhFloat(f, f, n).run();
      VectorKernels.tanhDouble(d, d, n).run();
      VectorKernels.tanhGradientFloat(f, f, n).run();
      VectorKernels.tanhGradientDouble(d, d, n).run();
      VectorKernels.reluFloat(f, f, n).run();
      VectorKernels.reluDouble(d, d, n).run();
      VectorKernels.reluGradientFloat(f, f, n).run();
      VectorKernels.reluGradientDouble(d, d, n).run();
      double t = Math.tanh(0.5);
      double expected = t * (1 - t * t);
      for (int i = 0; i < n; i++) {
        if (Math.abs(f.getFloat(4 * i) - expected) > 1e-6 || Math.abs(d.getDouble(8 * i) - expected) > 1e-14) {
          return "the Vector API's activations of 0.5 gave " + f.getFloat(4 * i) + " and "
              + d.getDouble(8 * i) + " at entry " + i + ", not " + expected;
        }
      }
    } catch (LinkageError | RuntimeException e) {
      return "the Vector API of Java " + Runtime.version().feature() + " is not the one crh was built for (" + e
          + ")";
    }
    return null;
  }

  /** Whether the activations run on the Vector API in this JVM (views and other dtypes still fall back). */
  static boolean enabled() {
    return OFF_BECAUSE == null;
  }

  /** {@link #enabled}, and the first time it is not, the log says why (a warning where a flag would fix it). */
  static boolean use() {
    if (OFF_BECAUSE != null && !told) {
      told = true;
      if (OFF_BECAUSE.startsWith("this JVM")) {
        LOG.warn("activations on ND4J: {}. On the JDK's Vector API tanh is ~10x faster and within 1 ulp: give"
            + " every training JVM --add-modules=jdk.incubator.vector (conf/spark-defaults.conf does)", OFF_BECAUSE);
      } else if (OFF_BECAUSE.startsWith("the Vector API")) {
        LOG.warn("activations on ND4J: {}. Java 17 runs them on the Vector API (tanh ~10x faster, within 1 ulp)",
            OFF_BECAUSE);
      } else {
        LOG.info("activations on ND4J ({})", OFF_BECAUSE);
      }
    }
    return OFF_BECAUSE == null;
  }

  /** out = tanh(in) on the Vector API, or null where it does not apply (then use ND4J's Tanh). */
  static KernelStep tanh(INDArray in, INDArray out) {
    return make(in, out, VectorKernels::tanhFloat, VectorKernels::tanhDouble);
  }

  /** δ ← δ ⊙ (1 − a²) in place on the Vector API, or null where it does not apply. */
  static KernelStep tanhGradient(INDArray act, INDArray delta) {
    return make(act, delta, VectorKernels::tanhGradientFloat, VectorKernels::tanhGradientDouble);
  }

  /** out = relu(in) as ND4J's RectifiedLinear gives it (the same bits), or null where it does not apply. */
  static KernelStep relu(INDArray in, INDArray out) {
    return make(in, out, VectorKernels::reluFloat, VectorKernels::reluDouble);
  }

  /** δ ← pre &gt; 0 ? δ : 0 in place, as ND4J's ThresholdReluBp gives it, or null where it does not apply. */
  static KernelStep reluGradient(INDArray pre, INDArray delta) {
    return make(pre, delta, VectorKernels::reluGradientFloat, VectorKernels::reluGradientDouble);
  }

  /** One of VectorKernels' loops over two arrays of n entries. */
  private interface Loop {
    Runnable over(ByteBuffer a, ByteBuffer b, int n);
  }

  /** The loop over a and b as a kernel step, or null where it does not apply. */
  private static KernelStep make(INDArray a, INDArray b, Loop floats, Loop doubles) {
    if (!applies(a, b)) {
      return null;
    }
    Loop loop = a.dataType() == DataType.FLOAT ? floats : doubles;
    Runnable r = loop.over(bytes(a), bytes(b), (int) a.length());
    return new KernelStep() {
      // Held so the arrays' memory lives as long as the step.
      private final INDArray[] held = {a, b};

      @Override
      public void run() {
        r.run();
      }

      @Override
      public String toString() {
        return "vector step over " + held[0].length() + " " + held[0].dataType();
      }
    };
  }

  private static boolean applies(INDArray a, INDArray b) {
    if (!enabled()) {
      return false;
    }
    DataType t = a.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && b.dataType() == t && a.length() == b.length()
        && a.length() <= Integer.MAX_VALUE / 8 && HostMemory.dense(a) && HostMemory.dense(b);
  }

  /** The array's elements as a direct buffer in native order (host memory, CPU backend). */
  private static ByteBuffer bytes(INDArray a) {
    long size = a.length() * a.dataType().width();
    return HostMemory.bytes(a).capacity(size).limit(size).asByteBuffer().order(ByteOrder.nativeOrder());
  }
}
