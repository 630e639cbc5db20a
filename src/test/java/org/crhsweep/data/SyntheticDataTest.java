package org.crhsweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SyntheticDataTest {

  @Test
  void teacherStudentIsSeededAndShapedWithHeldOutProbe() {
    Dataset a = SyntheticData.teacherStudent(8, 3, 16, 0.1, 500, 100, 42, DataType.DOUBLE);
    Dataset b = SyntheticData.teacherStudent(8, 3, 16, 0.1, 500, 100, 42, DataType.DOUBLE);
    Dataset c = SyntheticData.teacherStudent(8, 3, 16, 0.1, 500, 100, 43, DataType.DOUBLE);
    assertThat(a.trainX().shape()).containsExactly(500, 8);
    assertThat(a.trainY().shape()).containsExactly(500, 3);
    assertThat(a.probeX().shape()).containsExactly(100, 8);
    assertThat(a.classification()).isFalse();
    assertThat(a.trainX().equals(b.trainX()) && a.trainY().equals(b.trainY())).isTrue();
    assertThat(a.trainX().equals(c.trainX())).isFalse();
    // Inputs are standard Gaussian: mean ~0, variance ~1 over 4000 entries.
    assertThat(a.trainX().meanNumber().doubleValue()).isCloseTo(0, within(0.08));
    assertThat(a.trainX().varNumber().doubleValue()).isCloseTo(1, within(0.1));
    // Probe samples are not training samples.
    assertThat(a.probeX().getRow(0).equals(a.trainX().getRow(0))).isFalse();
  }

  @Test
  void teacherLabelsFollowTheTeacherUpToTheNoise() {
    Dataset clean = SyntheticData.teacherStudent(8, 2, 16, 0.0, 200, 10, 1, DataType.DOUBLE);
    Dataset noisy = SyntheticData.teacherStudent(8, 2, 16, 0.5, 200, 10, 1, DataType.DOUBLE);
    // Same seed, same teacher and inputs: the difference is the label noise, std 0.5.
    assertThat(clean.trainX().equals(noisy.trainX())).isTrue();
    INDArray diff = noisy.trainY().sub(clean.trainY());
    assertThat(diff.stdNumber().doubleValue()).isCloseTo(0.5, within(0.06));
  }

  @Test
  void gaussianMixtureHasBalancedOneHotClasses() {
    Dataset d = SyntheticData.gaussianMixture(10, 4, 3.0, 1.0, 400, 100, 5, DataType.FLOAT);
    assertThat(d.classes()).isEqualTo(4);
    assertThat(d.classification()).isTrue();
    assertThat(d.trainY().sum(1).toDoubleVector()).containsOnly(1.0);
    double[] perClass = d.trainY().sum(0).toDoubleVector();
    for (double n : perClass) {
      assertThat(n).isBetween(80.0, 120.0);
    }
    assertThat(d.trainX().dataType()).isEqualTo(DataType.FLOAT);
  }
}
