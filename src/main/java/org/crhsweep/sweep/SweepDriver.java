package org.crhsweep.sweep;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark side of a sweep: skips points with a result, runs one task per remaining task-mode point (or
 * packed group), then each data-parallel point across the cluster ({@link DataParallelRunner}), and
 * reports progress while they run. Points are shipped as JSON so executors need nothing but the jar. A
 * {@link StopRequest} ends a run early: nothing more is submitted, the sweep's job group is cancelled, and the
 * points that finished before are committed; the run returns normally with the points it committed.
 */
public final class SweepDriver {

  private static final Logger LOG = LoggerFactory.getLogger(SweepDriver.class);
  /** How long finished points may wait for the driver's next commit (see PointCommitter). */
  static final Duration COMMIT_EVERY = Duration.ofSeconds(2);

  private final SparkSession spark;
  private final ResultStore store;
  private final StopRequest stop;

  public SweepDriver(SparkSession spark, ResultStore store) {
    this(spark, store, StopRequest.never());
  }

  /** A driver whose runs end early, committing what finished, once {@code stop} is requested. */
  public SweepDriver(SparkSession spark, ResultStore store, StopRequest stop) {
    this.spark = spark;
    this.store = store;
    this.stop = stop;
  }

  /**
   * What running a spec does: {@code todo} in spec order, the points never committed and those committed
   * as {@code failed} ({@code retried}: a failure is not a result, so a rerun, after the cause is fixed,
   * runs them again); the {@code kept} ones, done or diverged, are results and are skipped.
   */
  public record Plan(List<Point> todo, int kept, Set<String> retried, Set<String> committed) {
    public Plan {
      todo = List.copyOf(todo);
      retried = Set.copyOf(retried);
      committed = Set.copyOf(committed);
    }
  }

  public Plan plan(SweepSpec spec) throws IOException {
    Map<String, String> committed = store.tables().pointStatuses(spec.name());
    List<Point> todo = new ArrayList<>();
    Set<String> retried = new HashSet<>();
    for (Point p : spec.points()) {
      String status = committed.get(p.id());
      if (Outcome.Status.FAILED.label().equals(status)) {
        retried.add(p.id());
        todo.add(p);
      } else if (status == null) {
        todo.add(p);
      }
    }
    return new Plan(todo, spec.points().size() - todo.size(), retried, committed.keySet());
  }

  public SweepResult run(SweepSpec spec, Consumer<SweepProgress> progress, Duration every)
      throws IOException, InterruptedException {
    return run(spec, plan(spec), progress, every);
  }

  /** Runs {@code plan} (from {@link #plan} just before): points that failed before are uncommitted first. */
  public SweepResult run(SweepSpec spec, Plan plan, Consumer<SweepProgress> progress, Duration every)
      throws IOException, InterruptedException {
    List<Point> all = spec.points();
    List<Point> todo = plan.todo();
    int skipped = plan.kept();
    // Failed points' rows, and rows a killed driver staged without their points row, go before anything runs.
    ResultTables tables = store.tables();
    Set<String> clear = new HashSet<>(plan.retried());
    // The points table as the plan read it (one read per run): under the sweep's lock nothing else commits here.
    clear.addAll(tables.uncommitted(spec.name(), plan.committed()));
    tables.deletePoints(spec.name(), clear);
    if (todo.isEmpty() || stop.requested()) {
      progress.accept(new SweepProgress(spec.name(), all.size(), skipped, 0, 0, 0, Duration.ZERO));
      return new SweepResult(spec.name(), all.size(), skipped, List.of());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Counters counters = new Counters(jsc.sc().longAccumulator("crh.finished"), jsc.sc().longAccumulator("crh.failed"),
        jsc.sc().longAccumulator("crh.diverged"));
    String specHash = spec.hash();
    FaultPlan faults = FaultPlan.parse(spark.conf().get(FaultPlan.FAIL_POINTS_CONF, ""),
        spark.conf().get(FaultPlan.COMMIT_DELAY_CONF, ""), spark.conf().get(FaultPlan.COMMIT_GATE_CONF, ""));
    List<Point> tasks = todo.stream().filter(p -> !p.execution().dataParallel()).toList();
    List<Point> parallel = todo.stream().filter(p -> p.execution().dataParallel()).toList();
    long start = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    if (!tasks.isEmpty()) {
      outcomes.addAll(runTasks(jsc, spec, tasks, specHash, faults, counters, all.size(), skipped, progress, every,
          start));
    }
    // Each data-parallel point occupies the cluster by itself: one after another, trained from here.
    for (Point p : parallel) {
      if (stop.requested()) {
        break;
      }
      progress.accept(snapshot(spec, all.size(), skipped, counters, start));
      String group = jobGroup(spec) + "-" + p.id();
      jsc.setJobGroup(group, "crh sweep " + spec.name() + ": data_parallel point " + p.id(), true);
      Outcome o;
      try (var cancel = stop.whenRequested(() -> jsc.cancelJobGroup(group))) {
        o = faults.during(() -> DataParallelRunner.run(jsc, p, store, Provenance.here(specHash,
            Nd4jThreads.backend()), detail -> progress.accept(snapshot(spec, all.size(), skipped, counters, start,
            detail))));
      } finally {
        jsc.clearJobGroup();
      }
      if (stop.requested() && o.status() == Outcome.Status.FAILED) {
        // Failed because its jobs were cancelled: not a result. Its rows were staged here, by the driver.
        if (o.recorded()) {
          tables.discard(List.of(o.staged()));
        }
        LOG.info("data_parallel point {} cut short by {}: not committed", p.id(), stop.reason());
        break;
      }
      counters.count(o);
      outcomes.addAll(new PointCommitter(tables, Duration.ZERO).add(List.of(o)).finish());
    }
    progress.accept(snapshot(spec, all.size(), skipped, counters, start));
    return new SweepResult(spec.name(), all.size(), skipped, outcomes);
  }

  /** The job counters, shared by the executors' tasks and the driver's data-parallel points. */
  private record Counters(LongAccumulator finished, LongAccumulator failed, LongAccumulator diverged)
      implements java.io.Serializable {
    void count(Outcome o) {
      finished.add(1);
      if (o.status() == Outcome.Status.FAILED) {
        failed.add(1);
      } else if (o.status() == Outcome.Status.DIVERGED) {
        diverged.add(1);
      }
    }
  }

  /**
   * One Spark task per task-mode point (or packed group), progress reported every {@code every}. Each task
   * stages its points' rows; the driver commits them in batches as tasks finish ({@link PointCommitter}), so a
   * driver killed mid-sweep keeps every batch committed before.
   */
  private List<Outcome> runTasks(JavaSparkContext jsc, SweepSpec spec, List<Point> todo, String specHash,
      FaultPlan faults, Counters counters, int total, int skipped, Consumer<SweepProgress> progress, Duration every,
      long start) throws InterruptedException {
    List<List<String>> payload = new ArrayList<>();
    for (List<Point> group : Packing.groups(todo, spec.training().pack())) {
      payload.add(new ArrayList<>(group.stream().map(Point::toJson).toList()));
    }
    ResultTables tables = store.tables();
    ResultStore st = store.withStaging(tables);
    String group = jobGroup(spec);
    jsc.setJobGroup(group, "crh sweep " + spec.name() + ": " + todo.size() + " points in "
        + payload.size() + " tasks", true);
    BlockingQueue<List<Outcome>> finished = new LinkedBlockingQueue<>();
    TaskJob job = TaskJob.submit(jsc, payload, points -> {
      List<Outcome> outcomes = runTask(points, st, specHash, faults);
      outcomes.forEach(counters::count);
      return outcomes;
    }, finished::add);
    // Cancelled from the requesting thread at once: the job ends, tasks are killed, and the loop below commits
    // the points whose results arrived before.
    StopRequest.Registration cancel = stop.whenRequested(() -> jsc.cancelJobGroup(group));
    PointCommitter committer = new PointCommitter(tables, COMMIT_EVERY);
    long nextReport = 0;
    while (true) {
      List<Outcome> got = finished.poll(200, TimeUnit.MILLISECONDS);
      if (got != null) {
        committer.add(got);
        continue;
      }
      committer.commitIfDue();
      if (System.nanoTime() >= nextReport) {
        progress.accept(snapshot(spec, total, skipped, counters, start));
        nextReport = System.nanoTime() + every.toNanos();
      }
      if (job.done() && finished.isEmpty()) {
        break;
      }
    }
    List<Outcome> outcomes = committer.finish();
    cancel.close();
    jsc.clearJobGroup();
    String failure = job.failure();
    if (failure != null && stop.requested()) {
      LOG.info("sweep {} stopped ({}): {} finished point(s) committed, the job cancelled: {}", spec.name(),
          stop.reason(), outcomes.size(), failure);
    } else if (failure != null) {
      throw new IllegalStateException("the sweep's Spark job failed: " + failure + " (" + outcomes.size()
          + " finished points were committed; run the same command to resume)");
    }
    return outcomes;
  }

  private static String jobGroup(SweepSpec spec) {
    return "crh-sweep-" + spec.name();
  }

  private static SweepProgress snapshot(SweepSpec spec, int total, int skipped, Counters c, long start) {
    return snapshot(spec, total, skipped, c, start, null);
  }

  private static SweepProgress snapshot(SweepSpec spec, int total, int skipped, Counters c, long start,
      String detail) {
    return new SweepProgress(spec.name(), total, skipped, (int) c.finished().value().longValue(),
        (int) c.failed().value().longValue(), (int) c.diverged().value().longValue(),
        Duration.ofNanos(System.nanoTime() - start), detail);
  }

  /** Executor side of one task: thread cap, device, provenance, then its point (or packed group of points). */
  static List<Outcome> runTask(List<String> pointJsons, ResultStore store, String specHash, FaultPlan faults) {
    SameDiffNoise.silence();
    TaskContext tc = TaskContext.get();
    int cpus = tc == null ? Runtime.getRuntime().availableProcessors() : tc.cpus();
    Nd4jThreads.limit(cpus);
    String backend = Nd4jThreads.backend();
    DeviceAssignment device = DeviceAssignment.choose(tc == null ? Map.of() : tc.resourcesJMap(), backend,
        System.getenv("CUDA_VISIBLE_DEVICES"), Nd4j.getAffinityManager().getNumberOfDevices(),
        tc == null ? 0 : tc.partitionId());
    device.bind();
    String executor = org.apache.spark.SparkEnv.get() == null ? "driver" : org.apache.spark.SparkEnv.get().executorId();
    ExecutorInfo where = new ExecutorInfo(executor, ProcessHandle.current().pid(), device.device(), cpus);
    List<Point> points = pointJsons.stream().map(Point::fromJson).toList();
    LOG.info("points {} on executor {} ({}, {} threads)", points.stream().map(Point::id).toList(), executor,
        device.device(), cpus);
    return faults.during(() -> PointRunner.runPack(points, store, Provenance.here(specHash, backend), where));
  }
}
