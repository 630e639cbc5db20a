package org.crhsweep.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.OneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Vector API activation steps: tanh within 1 ulp of the exact value; tanh's gradient, relu and relu's gradient
 * the same bits as ND4J's ops.
 */
class VectorStepsTest {

  /** Lengths around the vector width (4 to 16 lanes), so whole vectors and the partial last one both run. */
  private static final int[] LENGTHS = {1, 3, 8, 15, 16, 17, 33, 4099};

  /** Values from 1e-30 to 40 in magnitude, both signs, and zeros: tanh's linear, curved and saturated parts. */
  private static double[] values(int n) {
    double[] v = new double[n];
    java.util.Random r = new java.util.Random(n);
    for (int i = 0; i < n; i++) {
      double magnitude = Math.pow(10, -30 + 31.6 * r.nextDouble());
      v[i] = i % 17 == 0 ? 0.0 : (r.nextBoolean() ? magnitude : -magnitude);
    }
    return v;
  }

  private static long ulps(double a, double exact, DataType t) {
    if (t == DataType.FLOAT) {
      return Math.abs((long) Float.floatToIntBits((float) a) - Float.floatToIntBits((float) exact));
    }
    return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(exact));
  }

  @Test
  void tanhIsWithinOneUlpOfTheExactValue() {
    assertThat(VectorSteps.enabled()).as("the test JVMs start with --add-modules=jdk.incubator.vector").isTrue();
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int n : LENGTHS) {
        double[] v = values(n);
        INDArray in = Nd4j.createFromArray(v).castTo(t);
        INDArray out = Nd4j.create(t, n);
        KernelStep step = VectorSteps.tanh(in, out);
        assertThat(step).as("%s %d", t, n).isNotNull();
        step.run();
        long worst = 0;
        for (int i = 0; i < n; i++) {
          // Math.tanh is within 2.5 ulp in double: rounded to float it is the exact float value but in rare ties.
          double x = in.getDouble(i);
          double exact = t == DataType.FLOAT ? (float) Math.tanh(x) : Math.tanh(x);
          worst = Math.max(worst, ulps(out.getDouble(i), exact, t));
          assertThat(Math.signum(out.getDouble(i))).as("sign of tanh(%s)", x).isEqualTo(Math.signum(x));
        }
        assertThat(worst).as("%s, %d entries: worst ulps from tanh", t, n).isLessThanOrEqualTo(t == DataType.FLOAT ? 1 : 3);
      }
    }
  }

  @Test
  void anEntrysTanhDoesNotDependOnWhereItSits() {
    // The last, partial vector goes through a zero-padded copy: the same entries at the front of a longer array
    // (inside a whole vector) give the same bits.
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray longer = Nd4j.createFromArray(values(64)).castTo(t);
      INDArray shorter = longer.get(NDArrayIndex.interval(0, 17)).dup();
      INDArray outLong = Nd4j.create(t, 64);
      INDArray outShort = Nd4j.create(t, 17);
      VectorSteps.tanh(longer, outLong).run();
      VectorSteps.tanh(shorter, outShort).run();
      assertThat(outShort).as(t.toString()).isEqualTo(outLong.get(NDArrayIndex.interval(0, 17)));
    }
  }

  @Test
  void tanhGradientIsNd4jsThreeOpsToTheBit() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int n : LENGTHS) {
        Nd4j.getRandom().setSeed(n);
        INDArray a = Nd4j.rand(t, n).subi(0.5).muli(2);
        INDArray delta = Nd4j.randn(t, n);
        INDArray expected = delta.dup();
        INDArray s = Nd4j.create(t, n);
        Nd4j.getExecutioner().exec(new Square(a, s));
        Nd4j.getExecutioner().exec(new OneMinus(s, s));
        Nd4j.getExecutioner().exec(new MulOp(new INDArray[] {expected, s}, new INDArray[] {expected}));
        VectorSteps.tanhGradient(a, delta).run();
        assertThat(delta).as("%s %d", t, n).isEqualTo(expected);
      }
    }
  }

  /** ±0, ±inf, NaN, tiny and ordinary values, both signs, as ND4J's relu ops meet them in a diverging run. */
  private static INDArray edgeValues(DataType t, int n) {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-40, -1e-40};
    double[] v = values(n);
    for (int i = 0; i < n; i += 3) {
      v[i] = special[(i / 3) % special.length];
    }
    return Nd4j.createFromArray(v).castTo(t);
  }

  @Test
  void reluAndItsGradientAreNd4jsOpsToTheBit() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int n : LENGTHS) {
        INDArray pre = edgeValues(t, n);
        INDArray expected = Nd4j.create(t, n);
        Nd4j.getExecutioner().exec(new RectifiedLinear(pre, expected, 0.0));
        INDArray got = Nd4j.create(t, n);
        VectorSteps.relu(pre, got).run();
        assertThat(bits(got)).as("relu %s %d", t, n).containsExactly(bits(expected));

        Nd4j.getRandom().setSeed(n);
        INDArray delta = Nd4j.randn(t, n);
        INDArray expectedDelta = delta.dup();
        Nd4j.exec(new ThresholdReluBp(pre, expectedDelta, expectedDelta, 0.0));
        VectorSteps.reluGradient(pre, delta).run();
        assertThat(bits(delta)).as("relu' %s %d", t, n).containsExactly(bits(expectedDelta));
      }
    }
  }

  /** The entries' bit patterns (equal NaNs compare equal, −0 and +0 do not). */
  private static long[] bits(INDArray a) {
    long[] b = new long[(int) a.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = a.dataType() == DataType.FLOAT ? Float.floatToRawIntBits(a.getFloat(i))
          : Double.doubleToRawLongBits(a.getDouble(i));
    }
    return b;
  }

  @Test
  void viewsAndOtherTypesAreLeftToNd4j() {
    INDArray m = Nd4j.rand(DataType.FLOAT, 6, 8);
    INDArray column = m.get(NDArrayIndex.all(), NDArrayIndex.point(2));
    assertThat(VectorSteps.tanh(column, Nd4j.create(DataType.FLOAT, 6))).isNull();
    assertThat(VectorSteps.tanh(m, Nd4j.create(DataType.DOUBLE, 6, 8))).isNull();
    assertThat(VectorSteps.tanh(Nd4j.create(DataType.HALF, 4), Nd4j.create(DataType.HALF, 4))).isNull();
    assertThat(VectorSteps.tanhGradient(m, Nd4j.create(DataType.FLOAT, 5, 8))).isNull();
  }
}
