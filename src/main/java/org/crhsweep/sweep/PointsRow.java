package org.crhsweep.sweep;

import java.time.Instant;
import org.crhsweep.spec.Point;
import org.crhsweep.store.Table;
import org.crhsweep.train.TrainingStats;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One row of the {@link Table#POINTS} table, by name: its components are the table's own columns in
 * order (camelCase for snake_case), so two numbers cannot trade places unnoticed. Provenance is appended
 * by {@link org.crhsweep.store.TableRows}.
 */
record PointsRow(String pointId, String arch, String archJson, int depth, int width, String activation,
    String dataset, double lr, int batchSize, double weightDecay, long seed, int steps, long stepsDone,
    Outcome.Status status, String error, double finalTrainLoss, double finalProbeLoss, double finalAccuracy,
    double wallSeconds, String device, String executor, long pid, int nd4jThreads, int packSize,
    String executionMode, int workers, int averagingFrequency, String javaVersion, String finishedAt,
    String specJson) {

  /**
   * The row of a finished point: its spec, how it ended ({@code last} is its last measurement, null if it
   * never measured), where it ran and with how many ND4J threads, stamped with this JVM and the time now.
   */
  static PointsRow of(Point p, Outcome.Status status, String error, long stepsDone, TrainingStats last,
      double wall, ExecutorInfo where, int packSize) {
    double nan = Double.NaN;
    return new PointsRow(p.id(), p.arch().label(), p.arch().toJson(), p.arch().depth(), p.arch().width(),
        p.arch().activation().label(), p.dataset().label(), p.learningRate(), p.batchSize(), p.weightDecay(),
        p.seed(), p.training().steps(), stepsDone, status, error,
        last == null ? nan : last.trainLoss(), last == null ? nan : last.probeLoss(),
        last == null ? nan : last.accuracy(), wall, where.device(), where.executor(), where.pid(),
        Nd4j.getEnvironment().maxMasterThreads(), packSize, p.execution().mode().label(), p.execution().workers(),
        p.execution().averagingFrequency(), System.getProperty("java.version"), Instant.now().toString(),
        p.toJson());
  }

  /** The values in {@link Table#POINTS} column order, as {@link org.crhsweep.store.TableRows#add} takes them. */
  Object[] values() {
    return new Object[] {pointId, arch, archJson, depth, width, activation, dataset, lr, batchSize, weightDecay,
        seed, steps, stepsDone, status.label(), error, finalTrainLoss, finalProbeLoss, finalAccuracy, wallSeconds,
        device, executor, pid, nd4jThreads, packSize, executionMode, workers, averagingFrequency, javaVersion,
        finishedAt, specJson};
  }
}
