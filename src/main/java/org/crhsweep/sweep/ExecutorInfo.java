package org.crhsweep.sweep;

import java.io.Serializable;

/** Which JVM ran a point: Spark executor id, process id, device, and the ND4J threads it used. */
public record ExecutorInfo(String executor, long pid, String device, int threads) implements Serializable {

  /** This JVM when no Spark task context is around (tests, a driver-side run). */
  public static ExecutorInfo local(int threads) {
    return new ExecutorInfo("driver", ProcessHandle.current().pid(), "cpu", threads);
  }
}
