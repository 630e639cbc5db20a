// crh-sweep benchmarks (issue 6): run with jobs/bench.sh. Plain harness: warm-up, repeats, median;
// every figure that matters is printed as a ratio measured in this one run. Not part of the tests.
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.SyntheticData;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.Moments;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.linalg.SymmetricEigen;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.sweep.ExecutorInfo;
import org.crhsweep.sweep.Nd4jThreads;
import org.crhsweep.sweep.PointRunner;
import org.crhsweep.train.TrainConfig;
import org.crhsweep.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

public class Bench {

  static final int REPEATS = 5;

  /** Median seconds of {@code body}, which returns how many units it did (seconds per unit). */
  static double median(DoubleSupplier body) {
    return median(body, REPEATS);
  }

  /** Median of {@code repeats} timed runs after one warm-up; {@code repeats} = 0: one run, no warm-up. */
  static double median(DoubleSupplier body, int repeats) {
    if (repeats == 0) {
      long start = System.nanoTime();
      double units = body.getAsDouble();
      return (System.nanoTime() - start) / 1e9 / units;
    }
    body.getAsDouble(); // warm-up
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      double units = body.getAsDouble();
      t[i] = (System.nanoTime() - start) / 1e9 / units;
    }
    Arrays.sort(t);
    return t[repeats / 2];
  }

  /**
   * Runs {@code body} until the JIT has settled: at least 3 times, until two runs in a row agree within 10%
   * (at most 15 runs). A fixed count was not enough: the first points of a section ran 2-3x slow while the
   * compiler threads still worked.
   */
  static void warmUp(DoubleSupplier body) {
    double last = body.getAsDouble();
    for (int i = 1; i < 15; i++) {
      double now = body.getAsDouble();
      if (i >= 2 && Math.abs(now - last) <= 0.1 * Math.min(now, last)) {
        return;
      }
      last = now;
    }
  }

  /** The median of {@code runs} values of {@code body} (each run returns its own figure). */
  static double middle(DoubleSupplier body, int runs) {
    double[] v = new double[runs];
    for (int i = 0; i < runs; i++) {
      v[i] = body.getAsDouble();
    }
    Arrays.sort(v);
    return v[runs / 2];
  }

  public static void main(String[] args) throws Exception {
    Nd4jThreads.limit(1);
    // OpenBLAS 0.3.19 picks its kernels by CPUID and may pick AVX2 ones on a newer AVX-512 CPU
    // (docs/performance.md, "OpenBLAS's choice of kernels"); OPENBLAS_VERBOSE=2 prints its choice at start-up.
    String coretype = System.getenv("OPENBLAS_CORETYPE");
    System.out.printf("crh-sweep bench: 1 ND4J thread, %d cores, Java %s, %s, OpenBLAS kernels %s, activations on %s%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Nd4jThreads.backend(),
        coretype == null ? "as detected (OPENBLAS_CORETYPE unset)" : "OPENBLAS_CORETYPE=" + coretype,
        org.crhsweep.model.kernel.MlpKernel.activationsOn());
    // Sections by name (jobs/bench.sh pack peer ...); all when none is named.
    List<String> only = List.of(args);
    if (only.equals(List.of(CHILD_SWEEP))) {
      childSweep();
      return;
    }
    if (only.isEmpty() || only.contains("step")) {
      stepVersusGemmFloor();
    }
    if (only.isEmpty() || only.contains("peer")) {
      numpyPeer();
    }
    if (only.isEmpty() || only.contains("probe")) {
      probeShareAndFixedCost();
    }
    if (only.isEmpty() || only.contains("pack")) {
      packed();
    }
    if (only.isEmpty() || only.contains("spark")) {
      sparkSweeps();
    }
    // The store's sections run only when named (jobs/bench.sh commits results): minutes each, and they
    // measure the results side, not training.
    if (only.contains("commits")) {
      CommitBench.run(ints(System.getProperty("bench.commits.k", "2,16,64")));
    }
    if (only.contains("results")) {
      ResultsBench.run(ints(System.getProperty("bench.results.n", "24,2400,10000")));
    }
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(x -> Integer.parseInt(x.strip())).toArray();
  }

  /** Seconds per point of the numpy peer (bench/numpy_peer.py, one BLAS thread), median of 3 runs. */
  static double numpyPeerSeconds(int batch, int steps) {
    double[] t = new double[3];
    for (int i = 0; i < t.length; i++) {
      t[i] = peerSeconds(startPeer(batch, steps));
    }
    Arrays.sort(t);
    return t[1];
  }

  /** bench/numpy_peer.py started with one BLAS thread. */
  static Process startPeer(int batch, int steps) {
    try {
      ProcessBuilder pb = new ProcessBuilder("python3", "bench/numpy_peer.py", "--batch", String.valueOf(batch),
          "--steps", String.valueOf(steps), "--probe-every", "500", "--no-final-probe");
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      pb.environment().put("OMP_NUM_THREADS", "1");
      pb.redirectErrorStream(true);
      return pb.start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run python3 bench/numpy_peer.py (needs numpy): " + e, e);
    }
  }

  /** The seconds a finished numpy peer reports for its own training. */
  static double peerSeconds(Process proc) {
    try {
      String out = new String(proc.getInputStream().readAllBytes()).strip();
      if (proc.waitFor() != 0 || !out.startsWith("seconds ")) {
        throw new IllegalStateException("bench/numpy_peer.py failed: " + out);
      }
      return Double.parseDouble(out.split(" ")[1]);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("cannot run python3 bench/numpy_peer.py (needs numpy): " + e, e);
    }
  }

  /**
   * What two cores of this machine give two independent single-threaded processes: the numpy peer
   * alone against two copies at once (each one's own seconds), median of 3. A virtual machine whose two
   * vCPUs share a physical core, or a busy host, caps every parallel efficiency below 1.
   */
  static double machineEfficiency() {
    double[] r = new double[3];
    for (int i = 0; i < r.length; i++) {
      double alone = peerSeconds(startPeer(8, 20000));
      Process a = startPeer(8, 20000);
      Process b = startPeer(8, 20000);
      r[i] = alone / ((peerSeconds(a) + peerSeconds(b)) / 2);
    }
    Arrays.sort(r);
    return r[1];
  }

  /** The quickstart spec under another sweep name (its 24 points). */
  static Path quickstartPoints() throws Exception {
    String yaml = java.nio.file.Files.readString(Path.of("conf/sweeps/quickstart.yaml"))
        .replace("name: quickstart", "name: bench-quickstart");
    Path f = java.nio.file.Files.createTempFile("crh-bench-quickstart", ".yaml");
    java.nio.file.Files.writeString(f, yaml);
    return f;
  }

  /** Wall seconds of a whole sweep through SweepDriver on a fresh local Spark with {@code master}. */
  static double sweepWall(SweepSpec spec, String master) throws Exception {
    org.apache.spark.sql.SparkSession spark = org.crhsweep.sweep.SparkSessions.create(master, "crh bench");
    try {
      Path out = java.nio.file.Files.createTempDirectory("crh-bench-sweep");
      ResultStore store = new ResultStore(out.toString(), new org.apache.hadoop.conf.Configuration());
      long start = System.nanoTime();
      org.crhsweep.sweep.SweepResult r = new org.crhsweep.sweep.SweepDriver(spark, store)
          .run(spec, p -> { }, java.time.Duration.ofSeconds(30));
      double wall = (System.nanoTime() - start) / 1e9;
      if (r.failed() > 0) {
        throw new IllegalStateException(r.failed() + " bench points failed");
      }
      return wall;
    } finally {
      spark.stop();
    }
  }

  /** The argument that makes this program a child of {@link #jvmMachineEfficiency} (not a section). */
  static final String CHILD_SWEEP = "child-sweep";

  /** A child JVM's work: a warm-up quickstart sweep on local[1], then one timed; prints {@code seconds <s>}. */
  static void childSweep() throws Exception {
    SweepSpec sweep = SpecParser.parse(quickstartPoints());
    sweepWall(sweep, "local[1]");
    System.out.printf("seconds %.4f%n", sweepWall(sweep, "local[1]"));
  }

  /** This bench started again as a child JVM (same java, flags and class path) running {@link #childSweep}. */
  static Process startChildSweep() throws java.io.IOException {
    // This JVM's own command line (ProcessHandle.Info leaves a long one out), up to the main class.
    String[] self = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/self/cmdline"))).split("\0");
    List<String> cmd = new ArrayList<>();
    for (String a : self) {
      cmd.add(a);
      if (a.equals(Bench.class.getName()) || a.endsWith("Bench.java")) {
        break;
      }
    }
    cmd.add(CHILD_SWEEP);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The seconds a finished child sweep reports. */
  static double childSeconds(Process proc) throws Exception {
    String out = new String(proc.getInputStream().readAllBytes());
    int at = out.lastIndexOf("seconds ");
    if (proc.waitFor() != 0 || at < 0) {
      throw new IllegalStateException("child bench sweep failed: " + out.substring(Math.max(0, out.length() - 2000)));
    }
    return Double.parseDouble(out.substring(at + 8).strip().split("\\s+")[0]);
  }

  /**
   * What two cores of this machine give crh's own work as two independent JVMs: a child JVM's warm quickstart
   * sweep on local[1] alone, against two such children at once (each one's own seconds); the better of two
   * rounds (drift only adds time). Unlike the numpy peers (mostly interpreter work), this is vector arithmetic
   * like crh's, so it shows what two tasks could get without sharing a JVM.
   */
  static double jvmMachineEfficiency() throws Exception {
    double best = 0;
    for (int i = 0; i < 2; i++) {
      double alone = childSeconds(startChildSweep());
      Process a = startChildSweep();
      Process b = startChildSweep();
      best = Math.max(best, alone / ((childSeconds(a) + childSeconds(b)) / 2));
    }
    return best;
  }

  /**
   * 6. Parallel efficiency: the quickstart's 24 points through the real SweepDriver on local[1] (one
   * after another) and local[2] (one ND4J thread per task), after a warm-up sweep; 7. points per hour of quickstart and
   * paper-fc, scaled from those points and from 2 paper-fc points run one after another.
   */
  static void sparkSweeps() throws Exception {
    SweepSpec sweep = SpecParser.parse(quickstartPoints());
    // A first sweep warms the JVM (JIT, class loading, Spark's first job) and is not counted; then the two
    // masters alternate, twice each, and the faster run of each counts (drift on this VM only adds time).
    sweepWall(sweep, "local[2]");
    double seq = Double.MAX_VALUE;
    double par = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      seq = Math.min(seq, sweepWall(sweep, "local[1]"));
      par = Math.min(par, sweepWall(sweep, "local[2]"));
    }
    int n = sweep.points().size();
    double machine = machineEfficiency();
    double jvms = jvmMachineEfficiency();
    System.out.printf("6. Parallel efficiency, %d quickstart points through SweepDriver: local[1] %.1f s, local[2] %.1f s:"
        + " efficiency %.2f (= %.1f / (2 x %.1f)); the machine's own: two numpy peers at once %.2f, two JVMs each"
        + " running this sweep on local[1] at once %.2f; crh / two JVMs %.2f%n%n", n, seq, par, seq / (2 * par), seq,
        par, machine, jvms, seq / (2 * par) / jvms);
    SweepSpec fc = SpecParser.parse(Path.of("conf/sweeps/paper-fc.yaml"));
    List<Point> fcPoints = fc.points();
    // One tanh point at batch 16 and one relu point at batch 128: the spec's cheapest and dearest kinds.
    List<Point> two = List.of(fcPoints.get(0), fcPoints.get(fcPoints.size() - 1));
    Path out = java.nio.file.Files.createTempDirectory("crh-bench-fc");
    ResultStore store = new ResultStore(out.toString(), new org.apache.hadoop.conf.Configuration());
    long start = System.nanoTime();
    for (Point p : two) {
      PointRunner.run(p, store, Provenance.here("bench", "cpu"), ExecutorInfo.local(1));
    }
    double fcPoint = (System.nanoTime() - start) / 1e9 / two.size();
    System.out.println("7. Points per hour (2 cores; per core = one after another)");
    System.out.println("| spec | s per point, one core | points/hour/core | points/hour on 2 cores (x efficiency) | whole spec on 2 cores |");
    System.out.println("|---|---|---|---|---|");
    double qs = seq / n;
    int qsTotal = SpecParser.parse(Path.of("conf/sweeps/quickstart.yaml")).points().size();
    System.out.printf("| quickstart | %.1f | %.0f | %.0f | %.1f min (%d points) |%n", qs, 3600 / qs,
        2 * 3600 / qs * seq / (2 * par), qsTotal * qs / (2 * seq / (2 * par)) / 60, qsTotal);
    System.out.printf("| paper-fc | %.1f | %.0f | %.0f | %.1f min (%d points) |%n%n", fcPoint, 3600 / fcPoint,
        2 * 3600 / fcPoint * seq / (2 * par), fcPoints.size() * fcPoint / (2 * seq / (2 * par)) / 60, fcPoints.size());
  }

  /**
   * 5. Packed training (training.pack) on the numpy peer's configuration: K points trained as one
   * PackedTrainer against the same K points one after another, per point, probes included.
   */
  static void packed() {
    System.out.println("5. Packed training, numpy peer configuration (width 64, tanh, probe every 500 on 512 samples;");
    System.out.println("   1000 steps with probes at 0 and 500 measured, per-point seconds scaled to 20000 steps and 40 probes");
    System.out.println("   (a whole point has 41), on both sides; one ND4J thread = one core;");
    System.out.println("   set-up counted once per point (per pack); each side warmed until two runs agree within 10%; unpacked: median of 5;");
    System.out.println("   packed: one run per K)");
    // -Dbench.pack.probe=peer measures what the numpy peer measures (raw only, no rotation nulls; the
    // spec's probe: {stats: [raw], null_rotations: 0}); the default is crh's default probe.
    boolean peerProbe = "peer".equals(System.getProperty("bench.pack.probe", "full"));
    List<Stat> stats = peerProbe ? List.of(Stat.RAW) : List.of(Stat.RAW, Stat.NORMALIZED);
    int rotations = peerProbe ? 0 : 4;
    System.out.println("   probe: " + (peerProbe ? "raw only, no rotation nulls (the peer's work plus exponent fits)"
        : "raw + normalized, 4 rotation nulls (crh's default)"));
    System.out.println("| batch | K | unpacked s/point | packed s/point | packed speed-up | points/hour/core packed | numpy peer points/hour/core | packed / peer |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    int steps = 1000;
    // Probes at 0 and 500: the density of a 20000-step point (41 probes), not 3 per 1000 steps.
    long[] probes = new long[steps / 500];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i * 500L;
    }
    MlpShape shape = new MlpShape(16, 4, 4, 64, Activation.TANH, true, false);
    // -Dbench.pack.batches=8 and -Dbench.pack.k=16 narrow the section (it is the longest).
    for (int batch : ints(System.getProperty("bench.pack.batches", "8,64"))) {
      Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 4096, 512, 0, DataType.FLOAT);
      // Seconds per 20000-step point from one 1000-step run: the set-up (model, probe, trainer) once, the run
      // x20; a pack's set-up and run are shared by its K points.
      DoubleSupplier unpacked = () -> {
        long t0 = System.nanoTime();
        Mlp m = Mlp.build(shape, DataType.FLOAT, 1);
        Trainer t = new Trainer(m, d, TrainConfig.builder().setLearningRate(0.02).setBatchSize(batch).setSteps(steps)
            .optWeightDecay(1e-3).optProbeSteps(probes).optSeed(1).build(),
            new Prober(stats, rotations, 1e-6, 1), (s, l) -> { });
        long t1 = System.nanoTime();
        t.run();
        return ((t1 - t0) + 20.0 * (System.nanoTime() - t1)) / 1e9;
      };
      java.util.function.IntToDoubleFunction packed = k -> {
        long t0 = System.nanoTime();
        List<org.crhsweep.train.PackedTrainer.Member> members = new ArrayList<>();
        long[] seeds = new long[k];
        for (int i = 0; i < k; i++) {
          seeds[i] = i;
          members.add(new org.crhsweep.train.PackedTrainer.Member(
              TrainConfig.builder().setLearningRate(0.01 * (1 + i % 4)).setBatchSize(batch).setSteps(steps)
                  .optWeightDecay(1e-3 * (i / 4)).optProbeSteps(probes).optSeed(i).build(),
              new Prober(stats, rotations, 1e-6, i), (s, l) -> { }));
        }
        org.crhsweep.train.PackedTrainer t = new org.crhsweep.train.PackedTrainer(
            org.crhsweep.model.PackedMlp.build(shape, DataType.FLOAT, seeds), d, members);
        long t1 = System.nanoTime();
        t.run();
        return ((t1 - t0) + 20.0 * (System.nanoTime() - t1)) / 1e9 / k;
      };
      // Both sides warm (the JIT has compiled the trainer, the kernel and the probe) before anything is timed.
      warmUp(unpacked);
      warmUp(() -> packed.applyAsDouble(4));
      double alone = middle(unpacked, 5);
      double peer = numpyPeerSeconds(batch, steps) * 20;
      for (int k : ints(System.getProperty("bench.pack.k", "16,32,64"))) {
        double pack = packed.applyAsDouble(k);
        System.out.printf("| %d | %d | %.1f | %.1f | %.1fx | %.0f | %.0f | %.2f |%n", batch, k, alone, pack,
            alone / pack, 3600 / pack, 3600 / peer, peer / pack);
      }
    }
    System.out.println();
  }

  /** 1. One SGD step (gradients + update) against the bare GEMMs it needs (forward + backward). */
  static void stepVersusGemmFloor() {
    System.out.println("1. MLP step vs its GEMM floor (4 weight layers, tanh, float32, 16 inputs, 4 outputs)");
    System.out.println("| width | batch | step ms | GEMM floor ms | step / floor (median of paired runs) |");
    System.out.println("|---|---|---|---|---|");
    // -Dbench.step.widths=256 -Dbench.step.batches=128 narrow the section.
    for (int width : ints(System.getProperty("bench.step.widths", "64,256,1024"))) {
      for (int batch : ints(System.getProperty("bench.step.batches", "32,128"))) {
        Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, Math.max(1024, batch * 8), 64, 0, DataType.FLOAT);
        Mlp m = Mlp.build(new MlpShape(16, 4, 4, width, Activation.TANH, true, false), DataType.FLOAT, 0);
        int steps = width >= 1024 ? 20 : 200;
        TrainConfig cfg = TrainConfig.builder().setLearningRate(0.01).setBatchSize(batch).setSteps(steps)
            .optWeightDecay(1e-3).build();
        // Step and floor alternate, and the ratio is the median of the pairs' ratios: on a shared
        // machine a load change then moves both halves of a pair alike.
        DoubleSupplier stepRun = () -> {
          new Trainer(m, d, cfg, new Prober(List.of(Stat.RAW), 0, 1e-6, 0), (s, l) -> { }).run();
          return steps;
        };
        DoubleSupplier floorRun = () -> gemms(width, batch, steps);
        stepRun.getAsDouble();
        floorRun.getAsDouble();
        double[] step = new double[REPEATS];
        double[] floor = new double[REPEATS];
        double[] ratio = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
          step[r] = median(stepRun, 0);
          floor[r] = median(floorRun, 0);
          ratio[r] = step[r] / floor[r];
        }
        Arrays.sort(step);
        Arrays.sort(floor);
        Arrays.sort(ratio);
        System.out.printf("| %d | %d | %.3f | %.3f | %.1f |%n", width, batch, step[REPEATS / 2] * 1e3,
            floor[REPEATS / 2] * 1e3, ratio[REPEATS / 2]);
      }
    }
    System.out.println();
  }

  /**
   * Forward x·W and backward xᵀ·g, g·Wᵀ for the four layers, steps times, each GEMM into an output
   * allocated once (as the training kernel does); returns steps.
   */
  static double gemms(int width, int batch, int steps) {
    int[] dims = {16, width, width, width, 4};
    INDArray[] x = new INDArray[4];
    INDArray[] w = new INDArray[4];
    INDArray[] g = new INDArray[4];
    INDArray[] out = new INDArray[4];
    INDArray[] dw = new INDArray[4];
    INDArray[] dx = new INDArray[4];
    for (int l = 0; l < 4; l++) {
      x[l] = Nd4j.rand(DataType.FLOAT, batch, dims[l]);
      w[l] = Nd4j.rand(DataType.FLOAT, dims[l], dims[l + 1]);
      g[l] = Nd4j.rand(DataType.FLOAT, batch, dims[l + 1]);
      out[l] = Nd4j.create(DataType.FLOAT, batch, dims[l + 1]);
      dw[l] = Nd4j.create(DataType.FLOAT, dims[l], dims[l + 1]);
      dx[l] = Nd4j.create(DataType.FLOAT, batch, dims[l]);
    }
    for (int s = 0; s < steps; s++) {
      for (int l = 0; l < 4; l++) {
        Nd4j.gemm(x[l], w[l], out[l], false, false, 1.0, 0.0);
        Nd4j.gemm(x[l], g[l], dw[l], true, false, 1.0, 0.0);
        if (l > 0) {
          Nd4j.gemm(g[l], w[l], dx[l], false, true, 1.0, 0.0);
        }
      }
    }
    return steps;
  }

  /** The numpy peer: 4 layers, width 64, tanh, SGD + wd, probing the six alignments every 500 steps. */
  static void numpyPeer() {
    System.out.println("2. The numpy peer's configuration (width 64, tanh, 20000 steps, probe every 500 on 512 samples)");
    System.out.println("| batch | s per point (set-up + 2000 steps with 4 probes x10) | numpy peer s (bench/numpy_peer.py, same run, same scaling) | crh / peer, median of 5 alternating rounds |");
    System.out.println("|---|---|---|---|");
    for (int batch : new int[] {8, 64}) {
      Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 4096, 512, 0, DataType.FLOAT);
      int steps = 2000;
      // Probes at 0, 500, 1000, 1500: the density of a 20000-step point, as the peer is run (no final probe).
      long[] probes = new long[steps / 500];
      for (int i = 0; i < probes.length; i++) {
        probes[i] = i * 500L;
      }
      DoubleSupplier point = () -> {
        long t0 = System.nanoTime();
        Mlp m = Mlp.build(new MlpShape(16, 4, 4, 64, Activation.TANH, true, false), DataType.FLOAT, 0);
        Trainer t = new Trainer(m, d, TrainConfig.builder().setLearningRate(0.01).setBatchSize(batch).setSteps(steps)
            .optWeightDecay(1e-3).optProbeSteps(probes).build(),
            new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-6, 0), (s, l) -> { });
        long t1 = System.nanoTime();
        t.run();
        // The set-up once, the run x10.
        return ((t1 - t0) + 10.0 * (System.nanoTime() - t1)) / 1e9;
      };
      warmUp(point); // the JIT compiles the trainer, the kernel and the probe
      // crh and the peer (bench/numpy_peer.py: raw alignments only, no nulls or exponents) alternate, 5 rounds:
      // this VM's drift (up to 2x within the hour) then moves both sides of each round's ratio together.
      double[] crh = new double[5];
      double[] peer = new double[5];
      double[] ratio = new double[5];
      for (int i = 0; i < crh.length; i++) {
        crh[i] = point.getAsDouble();
        peer[i] = peerSeconds(startPeer(batch, steps)) * 10;
        ratio[i] = crh[i] / peer[i];
      }
      Arrays.sort(crh);
      Arrays.sort(peer);
      Arrays.sort(ratio);
      System.out.printf("| %d | %.1f | %.2f | %.1fx (rounds %.1f-%.1f) |%n", batch, crh[2], peer[2], ratio[2], ratio[0],
          ratio[4]);
    }
    System.out.println();
  }

  /** 3. Probe share of a quickstart point, and 4. the fixed cost of a point with one step. */
  static void probeShareAndFixedCost() throws Exception {
    SweepSpec spec = SpecParser.parse(Path.of("conf/sweeps/quickstart.yaml"));
    Point p = spec.points().get(0);
    Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 2048, 256, 0, DataType.FLOAT);
    Mlp m = Mlp.build(new MlpShape(16, 4, 4, 32, Activation.TANH, true, false), DataType.FLOAT, 0);
    // One whole measurement (Trainer.measure: train/probe losses, gradient norm, every layer's probe) is a run of
    // zero steps with one probe step. The default probe and the lighter settings of the spec's probe fields
    // (probe.stats, probe.null_rotations), for whoever weighs the 5% target against the science, are timed
    // interleaved, one measurement each per round, on this thread's CPU clock: the machine's drift (2-3x between
    // runs here) then moves them together. Steady state, as in an executor JVM that has measured a few points
    // already: 20 rounds first.
    List<List<Stat>> statSets = List.of(List.of(Stat.RAW, Stat.NORMALIZED), List.of(Stat.RAW, Stat.NORMALIZED),
        List.of(Stat.RAW), List.of(Stat.RAW));
    int[] nulls = {4, 0, 4, 0};
    List<Prober> probers = new ArrayList<>();
    for (int c = 0; c < nulls.length; c++) {
      probers.add(new Prober(statSets.get(c), nulls[c], 1e-6, 0));
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    int rounds = 41;
    double[][] cpu = new double[nulls.length][rounds];
    for (int r = -20; r < rounds; r++) {
      for (int c = 0; c < nulls.length; c++) {
        long t0 = threads.getCurrentThreadCpuTime();
        new Trainer(m, d, TrainConfig.builder().setLearningRate(p.learningRate()).setBatchSize(p.batchSize())
            .setSteps(0).optWeightDecay(p.weightDecay()).optProbeSteps(0).build(), probers.get(c), (st, l) -> { }).run();
        if (r >= 0) {
          cpu[c][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
        }
      }
    }
    double[] measurement = new double[nulls.length];
    for (int c = 0; c < nulls.length; c++) {
      Arrays.sort(cpu[c]);
      measurement[c] = cpu[c][rounds / 2];
    }
    long[] probeSteps = p.training().probeSteps();
    int steps = p.training().steps();
    Prober prober = probers.get(0);
    double[] perStep = new double[REPEATS + 1];
    for (int r = 0; r < perStep.length; r++) {
      long t0 = threads.getCurrentThreadCpuTime();
      new Trainer(m, d, TrainConfig.builder().setLearningRate(p.learningRate()).setBatchSize(p.batchSize())
          .setSteps(500).optWeightDecay(p.weightDecay()).build(), prober, (st, l) -> { }).run();
      perStep[r] = (threads.getCurrentThreadCpuTime() - t0) / 1e9 / 500;
    }
    double[] warm = Arrays.copyOfRange(perStep, 1, perStep.length);
    Arrays.sort(warm);
    double step = warm[warm.length / 2];
    double probe = measurement[0];
    double point = steps * step + probeSteps.length * probe;
    // What no implementation of this measurement avoids: the exponent fits (docs/science.md) need the
    // eigendecomposition of every B (H_a, G_a, H_b, G_b) per layer and statistic, 8 per layer here, at the same
    // sizes.
    List<LayerSample> samples = m.probe(d.probeX(), d.probeY());
    List<INDArray> matrices = new ArrayList<>();
    for (LayerSample s : samples) {
      for (Stat stat : List.of(Stat.RAW, Stat.NORMALIZED)) {
        for (INDArray rows : List.of(s.hA(), s.gA(), s.hB(), s.gB())) {
          matrices.add(Moments.secondMoment(rows, stat));
        }
      }
    }
    double eig = median(() -> {
      for (INDArray b : matrices) {
        SymmetricEigen.of(b);
      }
      return 1;
    });
    System.out.printf("3. Probe share at the quickstart defaults: %d probes x %.1f ms = %.2f s of a %.2f s point: %.1f%%%n"
        + "   (%.2f ms a step; the %d eigendecompositions of one measurement alone: %.1f ms, %.1f%% of the point;%n"
        + "   measurements in thread CPU time, median of %d interleaved rounds)%n",
        probeSteps.length, probe * 1e3, probeSteps.length * probe, point, 100 * probeSteps.length * probe / point,
        step * 1e3, samples.size() * 8, eig * 1e3, 100 * probeSteps.length * eig / point, rounds);
    System.out.println("   the same point with the probe's settings lighter than the default (exponent fits always run):");
    System.out.println("   | probe.stats | probe.null_rotations | ms per measurement | probe share |");
    System.out.println("   |---|---|---|---|");
    for (int c = 0; c < nulls.length; c++) {
      double share = probeSteps.length * measurement[c] / (steps * step + probeSteps.length * measurement[c]);
      System.out.printf("   | %s | %d | %.1f | %.1f%% |%n", statSets.get(c).stream().map(Stat::label).toList(), nulls[c],
          measurement[c] * 1e3, 100 * share);
    }
    System.out.println();
    Path out = java.nio.file.Files.createTempDirectory("crh-bench");
    ResultStore store = new ResultStore(out.toString(), new org.apache.hadoop.conf.Configuration());
    List<Point> one = new ArrayList<>();
    double fixed = median(() -> {
      // A one-step point with a single probe: data set-up (cached after the first), model build, commit.
      Point q = new Point(p.sweep(), p.arch(), p.dataset(), p.learningRate() * (1 + one.size() * 1e-9),
          p.batchSize(), p.weightDecay(), p.seed(), new org.crhsweep.spec.TrainingSpec(1, 1, 0, p.training().loss(),
          false, p.training().dtype()), p.probe());
      one.add(q);
      PointRunner.run(q, store, Provenance.here("bench", "cpu"), ExecutorInfo.local(1));
      return 1;
    });
    System.out.printf("4. Fixed cost of a point (1 step, 2 probes, Parquet commit; no Spark task): %.2f s%n", fixed);
  }
}
