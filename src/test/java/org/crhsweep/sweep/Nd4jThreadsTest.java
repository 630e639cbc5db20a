package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * The cap reaches libnd4j's OpenMP regions on the capped thread: an OpenMP worker is a native thread that
 * inherits the name of the thread that started it, so counting this JVM's threads by name shows whether a
 * call started one.
 */
class Nd4jThreadsTest {

  @Test
  void aCappedThreadStartsNoOpenMpWorkers() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    assertThat(threadsNamedAfter("crh-omp-capped", true)).as("OpenMP workers of a capped thread").isZero();
  }

  @Test
  void anUncappedThreadDoesStartThem() throws Exception {
    // The control that shows the count above can fail: the same call on a fresh thread without the cap.
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1 && System.getenv("OMP_NUM_THREADS") == null,
        "OpenMP's default team is one thread here");
    assertThat(threadsNamedAfter("crh-omp-free", false)).as("OpenMP workers of an uncapped thread").isPositive();
  }

  /** Runs pullRows (an OpenMP region in libnd4j) on a new thread; the threads it left behind with its name. */
  private static long threadsNamedAfter(String name, boolean cap) throws InterruptedException {
    AtomicLong started = new AtomicLong(-1);
    Thread t = new Thread(() -> {
      if (cap) {
        Nd4jThreads.limit(1);
      }
      int[] rows = new int[4096];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = rows.length - 1 - i;
      }
      Nd4j.pullRows(Nd4j.rand(DataType.FLOAT, 4096, 16), 1, rows);
      started.set(threadsNamed(name) - 1); // minus the calling thread itself
    }, name);
    t.start();
    t.join();
    return started.get();
  }

  private static long threadsNamed(String name) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.filter(p -> {
        try {
          return Files.readString(p.resolve("comm")).strip().equals(name);
        } catch (IOException e) {
          return false; // the thread ended meanwhile
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/task: " + e, e);
    }
  }
}
