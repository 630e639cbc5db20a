package org.crhsweep.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crhsweep.analysis.Analyses.ScalingSlope;
import org.junit.jupiter.api.Test;

/** The statistics behind the analyses, on cases with a known answer. */
class AnalysisStatsTest {

  @Test
  void groupedSlopeRecoversAnExactSlopeWhateverEachGroupsIntercept() {
    GroupedSlope g = new GroupedSlope();
    for (int group = 0; group < 3; group++) {
      for (double x : new double[] {-3, -2, -1}) {
        g.add("g" + group, x, 2 * x + 10 * group - 5);
      }
    }
    g.add("lonely", 1, 100); // one x only: no information about the slope
    GroupedSlope.Fit f = g.fit();
    assertThat(f.slope()).isCloseTo(2, within(1e-12));
    assertThat(f.lo()).isCloseTo(2, within(1e-9));
    assertThat(f.hi()).isCloseTo(2, within(1e-9));
    assertThat(f.groups()).isEqualTo(3);
    assertThat(f.points()).isEqualTo(9);
  }

  @Test
  void groupedSlopeIntervalCoversTheTrueSlopeAboutNinetyFivePercentOfTheTime() {
    Random rnd = new Random(7);
    int covered = 0;
    int trials = 400;
    for (int t = 0; t < trials; t++) {
      GroupedSlope g = new GroupedSlope();
      for (int group = 0; group < 4; group++) {
        double intercept = rnd.nextGaussian() * 5;
        for (double x : new double[] {0, 1, 2}) {
          g.add(group, x, intercept + 1.5 * x + 0.3 * rnd.nextGaussian());
        }
      }
      covered += g.fit().interval().covers(1.5) ? 1 : 0;
    }
    // Binomial(400, 0.95) lies in [366, 394] with probability > 0.999.
    assertThat(covered).isBetween(366, 394);
  }

  @Test
  void withoutResidualFreedomTheSlopeHasNoInterval() {
    GroupedSlope.Fit f = new GroupedSlope().add("a", 0, 0).add("a", 1, 3).fit();
    assertThat(f.slope()).isEqualTo(3);
    assertThat(f.lo()).isNaN();
    assertThat(new GroupedSlope().fit().slope()).isNaN();
  }

  @Test
  void scalingTestFindsTheTheorysSlopeOfTwoInBothRatiosAndSkipsZeroDecay() {
    List<WeightDecayScaling.FinalMoment> rows = new ArrayList<>();
    Random rnd = new Random(3);
    for (String others : List.of("lr=0.1|seed=0", "lr=0.1|seed=1", "lr=0.2|seed=0")) {
      double c = 1 + rnd.nextDouble();
      for (double wd : new double[] {0, 1e-3, 1e-2, 3e-2}) {
        double hB = 5 + rnd.nextDouble();
        double zB = 2 + rnd.nextDouble();
        // G_b = c γ² H_b and, for the second ratio, G_b = c' γ² W Wᵀ: both slopes are 2 exactly.
        double gB = c * wd * wd * hB;
        rows.add(new WeightDecayScaling.FinalMoment(others, "mlp", wd, 2, "fc2", "raw", gB, hB, gB / (3 * wd * wd)));
        rows.add(new WeightDecayScaling.FinalMoment(others, "mlp", wd, 2, "fc2", "normalized", 1, hB, zB));
      }
    }
    List<ScalingSlope> slopes = WeightDecayScaling.run(rows);
    assertThat(slopes).hasSize(4);
    ScalingSlope gh = slopes.get(0);
    assertThat(gh.stat()).isEqualTo("raw");
    assertThat(gh.ratio()).isEqualTo("G_b/H_b");
    assertThat(gh.slope()).isCloseTo(2, within(1e-9));
    assertThat(gh.points()).isEqualTo(9);
    assertThat(gh.groups()).isEqualTo(3);
    assertThat(slopes.get(1).ratio()).isEqualTo("G_b/WWᵀ");
    assertThat(slopes.get(1).slope()).isCloseTo(2, within(1e-9));
    // Unrelated norms give a slope far from 2.
    assertThat(slopes.get(2).stat()).isEqualTo("normalized");
    assertThat(Math.abs(slopes.get(2).slope() - 2)).isGreaterThan(1);
  }

  @Test
  void wilsonIntervalMatchesItsClosedForm() {
    Stats.Interval none = Stats.wilson(0, 10);
    assertThat(none.estimate()).isZero();
    assertThat(none.lo()).isZero();
    // z² / (n + z²) for k = 0
    assertThat(none.hi()).isCloseTo(3.8415 / 13.8415, within(1e-4));
    Stats.Interval half = Stats.wilson(50, 100);
    assertThat(half.lo() + half.hi()).isCloseTo(1, within(1e-12));
    double z = 1.959963984540054;
    // 2 z sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) at p = 1/2, n = 100
    assertThat(half.hi() - half.lo()).isCloseTo(2 * z * Math.sqrt(0.25 / 100 + z * z / 40000) / (1 + z * z / 100),
        within(1e-12));
  }

  @Test
  void meanIntervalQuantilesAndSpearman() {
    Stats.Interval m = Stats.meanInterval(new double[] {1, 2, 3});
    // sd 1, t(2) = 4.303
    assertThat(m.estimate()).isEqualTo(2);
    assertThat(m.hi() - 2).isCloseTo(4.3027 / Math.sqrt(3), within(1e-3));
    assertThat(Stats.quantile(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
    assertThat(Stats.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 4, 9, 16, 100}).estimate()).isEqualTo(1);
    assertThat(Stats.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 4, 3, 2, 1}).estimate()).isEqualTo(-1);
    assertThat(Stats.ranks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
  }
}
