package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One live driver per sweep and OUT; a dead driver's lock is taken over, a live one's is not. */
class SweepLockTest {

  @TempDir
  Path dir;

  private ResultStore store() {
    return new ResultStore(dir.resolve("out").toString(), new Configuration());
  }

  private Path lockPath(String sweep) {
    return dir.resolve("out/_locks/" + sweep + ".lock");
  }

  private void plant(String sweep, SweepLock.Owner owner) throws Exception {
    Files.createDirectories(lockPath(sweep).getParent());
    Files.writeString(lockPath(sweep), owner.text());
  }

  @Test
  void aSecondRunOfTheSameSweepIsRefusedAndAnotherSweepIsNot() throws Exception {
    ResultStore store = store();
    try (SweepLock first = SweepLock.acquire(store, "alpha")) {
      assertThat(lockPath("alpha")).exists();
      assertThatThrownBy(() -> SweepLock.acquire(store, "alpha"))
          .isInstanceOf(SweepLock.HeldException.class)
          .hasMessageStartingWith("sweep 'alpha' is already running under " + store.qualifiedRoot())
          .hasMessageContaining("driver pid " + ProcessHandle.current().pid() + " on " + Provenance.hostName())
          .hasMessageNotContaining("\n");
      try (SweepLock other = SweepLock.acquire(store, "beta")) {
        assertThat(lockPath("beta")).exists();
      }
      assertThat(lockPath("beta")).doesNotExist();
    }
    assertThat(lockPath("alpha")).doesNotExist();
    SweepLock.acquire(store, "alpha").close();
  }

  @Test
  void aDeadDriversLockOnThisHostIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Instant now = Instant.now();
    plant("alpha", new SweepLock.Owner(Provenance.hostName(), gone.pid(), "t-dead", now, now));
    try (SweepLock lock = SweepLock.acquire(store(), "alpha")) {
      assertThat(Files.readString(lockPath("alpha")))
          .contains("pid=" + ProcessHandle.current().pid()).doesNotContain("t-dead");
    }
  }

  @Test
  void anotherHostsLockHoldsUntilItsHeartbeatIsOld() throws Exception {
    Instant now = Instant.now();
    plant("alpha", new SweepLock.Owner("elsewhere", 1, "t-live", now, now.minusSeconds(5)));
    assertThatThrownBy(() -> SweepLock.acquire(store(), "alpha"))
        .hasMessageContaining("driver pid 1 on elsewhere").hasMessageContaining("heartbeat 5 s ago");
    plant("alpha", new SweepLock.Owner("elsewhere", 1, "t-old", now.minusSeconds(600),
        now.minus(SweepLock.STALE_AFTER).minus(Duration.ofSeconds(1))));
    try (SweepLock lock = SweepLock.acquire(store(), "alpha")) {
      assertThat(Files.readString(lockPath("alpha"))).contains("host=" + Provenance.hostName());
    }
  }

  @Test
  void aLockBeingWrittenCountsAsHeld() throws Exception {
    Files.createDirectories(lockPath("alpha").getParent());
    Files.writeString(lockPath("alpha"), "");
    assertThatThrownBy(() -> SweepLock.acquire(store(), "alpha")).hasMessageContaining("is being written");
  }
}
