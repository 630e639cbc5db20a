package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.phase.FinalLayer;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.probe.Relation;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The final window the phases average over, checked against a plain recomputation from the stored rows: for
 * each point, its last max(1, ceil(n x fraction)) probe steps (exact decimals: 10 x 0.3 is 3, not 4), the done
 * points with four steps and the diverged one with two.
 */
class FinalWindowTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"10, 0.3, 3", "5, 0.2, 1", "11, 0.2, 3", "4, 0.6, 3", "2, 0.6, 2", "1, 0.2, 1", "7, 1.0, 7",
      "3, 0.01, 1", "100, 0.2, 20"})
  void theWindowHoldsTheLastCeilOfNTimesTheFraction(int n, double fraction, int expected) {
    assertThat(PhaseJob.finalCount(n, BigDecimal.valueOf(fraction))).isEqualTo(expected);
  }

  @Test
  void finalValuesAreTheMeansOverEachPointsLastSteps() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = PinnedStore.writtenUnder(dir, spark);
    PhaseJob job = new PhaseJob(spark, store);
    TableViews.register(spark, store);
    List<Row> alignment = spark.sql("SELECT point_id, step, layer, stat, relation, alignment, null_alignment "
        + "FROM alignment WHERE sweep = '" + PinnedStore.SWEEP + "'").collectAsList();
    List<Row> exponents = spark.sql("SELECT point_id, step, layer, stat, pair, p, r2, q, q_r2 "
        + "FROM exponents WHERE sweep = '" + PinnedStore.SWEEP + "'").collectAsList();
    Map<String, TreeSet<Long>> steps = new HashMap<>();
    alignment.forEach(r -> steps.computeIfAbsent(r.getString(0), id -> new TreeSet<>()).add(r.getLong(1)));
    assertThat(steps.values().stream().map(TreeSet::size).distinct()).containsExactlyInAnyOrder(4, 2);

    for (double fraction : new double[] {0.2, 0.5, 0.6, 1.0}) {
      List<FinalLayer> finals = job.read(PinnedStore.SWEEP, new PhaseSpec(0.8, 0.1, 0.15, 0.9, fraction), null)
          .layers();
      // 11 finished points (one failed) x 2 layers x 2 stats.
      assertThat(finals).hasSize(11 * PinnedStore.LAYERS * 2);
      for (FinalLayer f : finals) {
        TreeSet<Long> all = steps.get(f.pointId());
        int k = Math.max(1, (int) Math.ceil(all.size() * fraction - 1e-9));
        long first = new ArrayList<>(all.descendingSet()).get(k - 1);
        for (Relation rel : Relation.values()) {
          Map<String, Double> expected = means(alignment, exponents, f, rel, first);
          String at = f.pointId() + " " + f.layer() + " " + f.stat() + " " + rel + " fraction " + fraction;
          assertThat(f.values().alignment().get(rel)).as(at).isCloseTo(expected.get("alignment"), within(1e-12));
          assertThat(f.values().nullAlignment().get(rel)).as(at).isCloseTo(expected.get("null"), within(1e-12));
          assertThat(f.values().p().get(rel)).as(at).isCloseTo(expected.get("p"), within(1e-12));
          assertThat(f.values().r2().get(rel)).as(at).isCloseTo(expected.get("r2"), within(1e-12));
          assertThat(f.values().q().get(rel)).as(at).isCloseTo(expected.get("q"), within(1e-12));
          assertThat(f.values().qR2().get(rel)).as(at).isCloseTo(expected.get("q_r2"), within(1e-12));
        }
      }
    }
  }

  /** Plain means of one (point, layer, stat, relation) over the steps from {@code first} on. */
  private static Map<String, Double> means(List<Row> alignment, List<Row> exponents, FinalLayer f, Relation rel,
      long first) {
    Map<String, List<Double>> values = new TreeMap<>();
    for (Row r : alignment) {
      if (r.getString(0).equals(f.pointId()) && r.getLong(1) >= first && r.getInt(2) == f.layer()
          && r.getString(3).equals(f.stat()) && r.getString(4).equals(rel.label())) {
        values.computeIfAbsent("alignment", c -> new ArrayList<>()).add(r.getDouble(5));
        values.computeIfAbsent("null", c -> new ArrayList<>()).add(r.getDouble(6));
      }
    }
    for (Row r : exponents) {
      if (r.getString(0).equals(f.pointId()) && r.getLong(1) >= first && r.getInt(2) == f.layer()
          && r.getString(3).equals(f.stat()) && r.getString(4).equals(rel.pair())) {
        for (String c : List.of("p", "r2", "q", "q_r2")) {
          values.computeIfAbsent(c, x -> new ArrayList<>()).add(r.getDouble(r.fieldIndex(c)));
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    values.forEach((c, v) -> out.put(c, v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
    return out;
  }
}
