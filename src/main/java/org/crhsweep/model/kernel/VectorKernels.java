package org.crhsweep.model.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link VectorSteps} on the JDK's Vector API (module {@code jdk.incubator.vector}). Only
 * {@link VectorSteps} refers to this class, and only after it found the module in this JVM, so a JVM started
 * without it never loads it. Arrays are host memory seen as direct byte buffers in native order. Every tanh goes
 * through a full vector of the preferred species (the last, partial one through a zero-padded scratch copy), so an
 * element's value does not depend on where it sits in its array; the other loops are exact IEEE arithmetic or
 * selection and finish their last partial vector in scalar code, which gives the same bits.
 */
final class VectorKernels {

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private VectorKernels() {}

  /** out = tanh(in) over n float32 elements (the JDK's vector tanh: within 1 ulp of the exact value). */
  static Runnable tanhFloat(ByteBuffer in, ByteBuffer out, int n) {
    int whole = F.loopBound(n);
    float[] tailIn = new float[F.length()];
    float[] tailOut = new float[F.length()];
    return () -> {
      for (int i = 0; i < whole; i += F.length()) {
        FloatVector.fromByteBuffer(F, in, 4 * i, NATIVE).lanewise(VectorOperators.TANH)
            .intoByteBuffer(out, 4 * i, NATIVE);
      }
      if (whole < n) {
        for (int i = whole; i < n; i++) {
          tailIn[i - whole] = in.getFloat(4 * i);
        }
        FloatVector.fromArray(F, tailIn, 0).lanewise(VectorOperators.TANH).intoArray(tailOut, 0);
        for (int i = whole; i < n; i++) {
          out.putFloat(4 * i, tailOut[i - whole]);
        }
      }
    };
  }

  /** The same over n float64 elements. */
  static Runnable tanhDouble(ByteBuffer in, ByteBuffer out, int n) {
    int whole = D.loopBound(n);
    double[] tailIn = new double[D.length()];
    double[] tailOut = new double[D.length()];
    return () -> {
      for (int i = 0; i < whole; i += D.length()) {
        DoubleVector.fromByteBuffer(D, in, 8 * i, NATIVE).lanewise(VectorOperators.TANH)
            .intoByteBuffer(out, 8 * i, NATIVE);
      }
      if (whole < n) {
        for (int i = whole; i < n; i++) {
          tailIn[i - whole] = in.getDouble(8 * i);
        }
        DoubleVector.fromArray(D, tailIn, 0).lanewise(VectorOperators.TANH).intoArray(tailOut, 0);
        for (int i = whole; i < n; i++) {
          out.putDouble(8 * i, tailOut[i - whole]);
        }
      }
    };
  }

  /**
   * δ ← δ · (1 − a·a) over n float32 elements, in place: three roundings per element in that order, as ND4J's
   * Square, OneMinus and Multiply give them (IEEE arithmetic, no fused multiply-add), so the same bits.
   */
  static Runnable tanhGradientFloat(ByteBuffer act, ByteBuffer delta, int n) {
    int whole = F.loopBound(n);
    return () -> {
      for (int i = 0; i < whole; i += F.length()) {
        FloatVector a = FloatVector.fromByteBuffer(F, act, 4 * i, NATIVE);
        FloatVector s = a.mul(a).neg().add(1f);
        FloatVector.fromByteBuffer(F, delta, 4 * i, NATIVE).mul(s).intoByteBuffer(delta, 4 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        float a = act.getFloat(4 * i);
        float s = 1f - a * a;
        delta.putFloat(4 * i, delta.getFloat(4 * i) * s);
      }
    };
  }

  /** The same over n float64 elements. */
  static Runnable tanhGradientDouble(ByteBuffer act, ByteBuffer delta, int n) {
    int whole = D.loopBound(n);
    return () -> {
      for (int i = 0; i < whole; i += D.length()) {
        DoubleVector a = DoubleVector.fromByteBuffer(D, act, 8 * i, NATIVE);
        DoubleVector s = a.mul(a).neg().add(1.0);
        DoubleVector.fromByteBuffer(D, delta, 8 * i, NATIVE).mul(s).intoByteBuffer(delta, 8 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        double a = act.getDouble(8 * i);
        double s = 1.0 - a * a;
        delta.putDouble(8 * i, delta.getDouble(8 * i) * s);
      }
    };
  }

  /**
   * out = relu(in) over n float32 elements as ND4J's RectifiedLinear computes it, x &lt; 0 ? 0 : x (no arithmetic,
   * so the same bits: −0 and NaN pass through).
   */
  static Runnable reluFloat(ByteBuffer in, ByteBuffer out, int n) {
    int whole = F.loopBound(n);
    FloatVector zero = FloatVector.zero(F);
    return () -> {
      for (int i = 0; i < whole; i += F.length()) {
        FloatVector x = FloatVector.fromByteBuffer(F, in, 4 * i, NATIVE);
        x.blend(zero, x.compare(VectorOperators.LT, 0f)).intoByteBuffer(out, 4 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        float x = in.getFloat(4 * i);
        out.putFloat(4 * i, x < 0f ? 0f : x);
      }
    };
  }

  /** The same over n float64 elements. */
  static Runnable reluDouble(ByteBuffer in, ByteBuffer out, int n) {
    int whole = D.loopBound(n);
    DoubleVector zero = DoubleVector.zero(D);
    return () -> {
      for (int i = 0; i < whole; i += D.length()) {
        DoubleVector x = DoubleVector.fromByteBuffer(D, in, 8 * i, NATIVE);
        x.blend(zero, x.compare(VectorOperators.LT, 0.0)).intoByteBuffer(out, 8 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        double x = in.getDouble(8 * i);
        out.putDouble(8 * i, x < 0.0 ? 0.0 : x);
      }
    };
  }

  /** δ ← pre &gt; 0 ? δ : 0 over n float32 elements, in place, as ND4J's ThresholdReluBp at threshold 0. */
  static Runnable reluGradientFloat(ByteBuffer pre, ByteBuffer delta, int n) {
    int whole = F.loopBound(n);
    FloatVector zero = FloatVector.zero(F);
    return () -> {
      for (int i = 0; i < whole; i += F.length()) {
        VectorMask<Float> on = FloatVector.fromByteBuffer(F, pre, 4 * i, NATIVE).compare(VectorOperators.GT, 0f);
        zero.blend(FloatVector.fromByteBuffer(F, delta, 4 * i, NATIVE), on).intoByteBuffer(delta, 4 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        if (!(pre.getFloat(4 * i) > 0f)) {
          delta.putFloat(4 * i, 0f);
        }
      }
    };
  }

  /** The same over n float64 elements. */
  static Runnable reluGradientDouble(ByteBuffer pre, ByteBuffer delta, int n) {
    int whole = D.loopBound(n);
    DoubleVector zero = DoubleVector.zero(D);
    return () -> {
      for (int i = 0; i < whole; i += D.length()) {
        VectorMask<Double> on = DoubleVector.fromByteBuffer(D, pre, 8 * i, NATIVE).compare(VectorOperators.GT, 0.0);
        zero.blend(DoubleVector.fromByteBuffer(D, delta, 8 * i, NATIVE), on).intoByteBuffer(delta, 8 * i, NATIVE);
      }
      for (int i = whole; i < n; i++) {
        if (!(pre.getDouble(8 * i) > 0.0)) {
          delta.putDouble(8 * i, 0.0);
        }
      }
    };
  }
}
