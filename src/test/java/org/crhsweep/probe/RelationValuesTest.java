package org.crhsweep.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelationValuesTest {

  @Test
  void valuesAreReadByRelationAndStreamInRelationOrder() {
    RelationValues v = RelationValues.of(r -> 10 * r.ordinal());

    assertThat(v.get(Relation.F_GWA)).isEqualTo(10);
    assertThat(v.get(Relation.B_RGA)).isEqualTo(10 * (Relation.values().length - 1));
    assertThat(v.stream().toArray()).hasSize(Relation.values().length).startsWith(0, 10, 20);
    assertThat(v.map(x -> x + 1).get(Relation.F_RWA)).isEqualTo(1);
    assertThat(v).isEqualTo(RelationValues.of(r -> 10 * r.ordinal())).isNotEqualTo(RelationValues.constant(0));
    assertThat(v.toString()).startsWith("{f-RWA=0.0, f-GWA=10.0,");
  }

  @Test
  void theMeanSkipsMissingValuesAndIsNaNWhenAllAreMissing() {
    assertThat(RelationValues.of(r -> r == Relation.F_RWA ? Double.NaN : 0.5).meanOfPresent()).isEqualTo(0.5);
    assertThat(RelationValues.missing().meanOfPresent()).isNaN();
  }

  @Test
  void aRelationsColumnIsItsLabelInSnakeCase() {
    assertThat(Relation.F_RWA.column()).isEqualTo("f_rwa");
    assertThat(Relation.B_RGA.column()).isEqualTo("b_rga");
  }
}
