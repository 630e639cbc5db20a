package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorded source of a sweep's phases reads back as written; anything else reads as nothing (stale). */
class PhasesSourceTest {

  @Test
  void aRecordReadsBackAndAnUnreadableOneCountsAsNone() {
    PhasesSource s = new PhasesSource(41L, 7L, PhasesSource.NO_SNAPSHOT, "0123456789abcdef", "abc1234-dirty+0f0f");
    String value = s.encode(Instant.parse("2026-12-06T11:00:00Z"));
    assertThat(value).isEqualTo("points=41 alignment=7 exponents=-1 spec=0123456789abcdef "
        + "code=abc1234-dirty+0f0f written=2026-12-06T11:00:00Z");
    assertThat(PhasesSource.decode(value)).isEqualTo(new PhasesSource.Recorded(s, "2026-12-06T11:00:00Z"));
    assertThat(PhasesSource.decode(null)).isNull();
    assertThat(PhasesSource.decode("points=41 alignment=7")).isNull();
    assertThat(PhasesSource.decode(value.replace("points=41", "points=x"))).isNull();
    assertThat(PhasesSource.decode("something else")).isNull();
    // A table with no snapshot yet is read as it is, not pinned.
    assertThat(s.snapshots()).isEqualTo(Map.of(Table.POINTS, 41L, Table.ALIGNMENT, 7L));
    assertThat(PhasesSource.property("quickstart")).isEqualTo("crh.phases.quickstart.source");
  }
}
