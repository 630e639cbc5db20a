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
import org.crhsweep.model.MlpShape;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
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
    body.getAsDouble(); // warm-up
    double[] t = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      double units = body.getAsDouble();
      t[i] = (System.nanoTime() - start) / 1e9 / units;
    }
    Arrays.sort(t);
    return t[REPEATS / 2];
  }

  public static void main(String[] args) throws Exception {
    Nd4jThreads.limit(1);
    System.out.printf("crh-sweep bench: 1 ND4J thread, %d cores, Java %s, %s%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Nd4jThreads.backend());
    // Sections by name (jobs/bench.sh pack peer ...); all when none is named.
    List<String> only = List.of(args);
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
  }

  /**
   * 5. Packed training (training.pack) on the numpy peer's configuration: K points trained as one
   * PackedTrainer against the same K points one after another, per point, probes included.
   */
  static void packed() {
    System.out.println("5. Packed training, numpy peer configuration (width 64, tanh, probe every 500 on 512 samples;");
    System.out.println("   2000 steps measured, per-point seconds scaled to 20000 steps; one ND4J thread = one core)");
    System.out.println("| batch | K | unpacked s/point | packed s/point | packed speed-up | points/hour/core packed | numpy peer points/hour/core | vs peer |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    int steps = 2000;
    long[] probes = new long[steps / 500 + 1];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i * 500L;
    }
    MlpShape shape = new MlpShape(16, 4, 4, 64, Activation.TANH, true, false);
    for (int batch : new int[] {8, 64}) {
      Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 4096, 512, 0, DataType.FLOAT);
      for (int k : new int[] {16}) {
        double alone = median(() -> {
          for (int i = 0; i < 2; i++) {
            Mlp m = Mlp.build(shape, DataType.FLOAT, i);
            Prober pr = new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-6, i);
            new Trainer(m, d, new TrainConfig(0.01 * (1 + i), batch, 1e-3, 0, steps, false, probes, i), pr,
                (s, l) -> { }).run();
          }
          return 2;
        }) * 10;
        double pack = median(() -> {
          List<org.crhsweep.train.PackedTrainer.Member> members = new ArrayList<>();
          long[] seeds = new long[k];
          for (int i = 0; i < k; i++) {
            seeds[i] = i;
            members.add(new org.crhsweep.train.PackedTrainer.Member(
                new TrainConfig(0.01 * (1 + i % 4), batch, 1e-3 * (i / 4), 0, steps, false, probes, i),
                new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-6, i), (s, l) -> { }));
          }
          new org.crhsweep.train.PackedTrainer(org.crhsweep.model.PackedMlp.build(shape, DataType.FLOAT, seeds), d,
              members).run();
          return k;
        }) * 10;
        double peer = (batch == 8 ? 100e-6 : 200e-6) * 20000;
        System.out.printf("| %d | %d | %.1f | %.1f | %.1fx | %.0f | %.0f | %.2fx |%n", batch, k, alone, pack,
            alone / pack, 3600 / pack, 3600 / peer, peer / pack);
      }
    }
    System.out.println();
  }

  /** 1. One SGD step (gradients + update) against the bare GEMMs it needs (forward + backward). */
  static void stepVersusGemmFloor() {
    System.out.println("1. MLP step vs its GEMM floor (4 weight layers, tanh, float32, 16 inputs, 4 outputs)");
    System.out.println("| width | batch | step ms | GEMM floor ms | step / floor |");
    System.out.println("|---|---|---|---|---|");
    for (int width : new int[] {64, 256, 1024}) {
      for (int batch : new int[] {32, 128}) {
        Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, Math.max(1024, batch * 8), 64, 0, DataType.FLOAT);
        Mlp m = Mlp.build(new MlpShape(16, 4, 4, width, Activation.TANH, true, false), DataType.FLOAT, 0);
        int steps = width >= 1024 ? 20 : 200;
        TrainConfig cfg = new TrainConfig(0.01, batch, 1e-3, 0, steps, false, new long[] {}, 0);
        double step = median(() -> {
          new Trainer(m, d, cfg, new Prober(List.of(Stat.RAW), 0, 1e-6, 0), (s, l) -> { }).run();
          return steps;
        });
        double floor = median(() -> gemms(width, batch, steps));
        System.out.printf("| %d | %d | %.3f | %.3f | %.1f |%n", width, batch, step * 1e3, floor * 1e3, step / floor);
      }
    }
    System.out.println();
  }

  /** Forward x·W and backward gᵀ·x, g·Wᵀ for the four layers, steps times; returns steps. */
  static double gemms(int width, int batch, int steps) {
    int[] dims = {16, width, width, width, 4};
    INDArray[] x = new INDArray[4];
    INDArray[] w = new INDArray[4];
    INDArray[] g = new INDArray[4];
    for (int l = 0; l < 4; l++) {
      x[l] = Nd4j.rand(DataType.FLOAT, batch, dims[l]);
      w[l] = Nd4j.rand(DataType.FLOAT, dims[l], dims[l + 1]);
      g[l] = Nd4j.rand(DataType.FLOAT, batch, dims[l + 1]);
    }
    for (int s = 0; s < steps; s++) {
      for (int l = 0; l < 4; l++) {
        x[l].mmul(w[l]);
        Nd4j.gemm(x[l], g[l], true, false);
        if (l > 0) {
          Nd4j.gemm(g[l], w[l], false, true);
        }
      }
    }
    return steps;
  }

  /** The numpy peer: 4 layers, width 64, tanh, SGD + wd, probing the six alignments every 500 steps. */
  static void numpyPeer() {
    System.out.println("2. The numpy peer's configuration (width 64, tanh, 20000 steps, probe every 500 on 512 samples)");
    System.out.println("| batch | s per point (measured on 2000 steps, scaled) | numpy peer s | ratio |");
    System.out.println("|---|---|---|---|");
    for (int batch : new int[] {8, 64}) {
      Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 4096, 512, 0, DataType.FLOAT);
      int steps = 2000;
      double perPoint = median(() -> {
        Mlp m = Mlp.build(new MlpShape(16, 4, 4, 64, Activation.TANH, true, false), DataType.FLOAT, 0);
        Prober p = new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-6, 0);
        long[] probes = new long[steps / 500 + 1];
        for (int i = 0; i < probes.length; i++) {
          probes[i] = i * 500L;
        }
        new Trainer(m, d, new TrainConfig(0.01, batch, 1e-3, 0, steps, false, probes, 0), p, (s, l) -> { }).run();
        return 1;
      }) * 10;
      // The peer: ~100 µs per step at batch 8 and ~200 µs at batch 64, probes included.
      double peer = (batch == 8 ? 100e-6 : 200e-6) * 20000;
      System.out.printf("| %d | %.1f | %.1f | %.1fx slower |%n", batch, perPoint, peer, perPoint / peer);
    }
    System.out.println();
  }

  /** 3. Probe share of a quickstart point, and 4. the fixed cost of a point with one step. */
  static void probeShareAndFixedCost() throws Exception {
    SweepSpec spec = SpecParser.parse(Path.of("conf/sweeps/quickstart.yaml"));
    Point p = spec.points().get(0);
    Dataset d = SyntheticData.teacherStudent(16, 4, 32, 0.1, 2048, 256, 0, DataType.FLOAT);
    Mlp m = Mlp.build(new MlpShape(16, 4, 4, 32, Activation.TANH, true, false), DataType.FLOAT, 0);
    Prober prober = new Prober(List.of(Stat.RAW, Stat.NORMALIZED), 4, 1e-6, 0);
    double probe = median(() -> {
      m.probe(d.probeX(), d.probeY()).forEach(prober::probe);
      return 1;
    });
    long[] probeSteps = p.training().probeSteps();
    int steps = p.training().steps();
    double step = median(() -> {
      new Trainer(m, d, new TrainConfig(p.learningRate(), p.batchSize(), p.weightDecay(), 0, 500, false,
          new long[] {}, 0), prober, (s, l) -> { }).run();
      return 500;
    });
    double point = steps * step + probeSteps.length * probe;
    System.out.printf("3. Probe share at the quickstart defaults: %d probes x %.1f ms = %.2f s of a %.2f s point: %.1f%%%n%n",
        probeSteps.length, probe * 1e3, probeSteps.length * probe, point, 100 * probeSteps.length * probe / point);
    Path out = java.nio.file.Files.createTempDirectory("crh-bench");
    ResultStore store = new ResultStore(out.toString(), new org.apache.hadoop.conf.Configuration());
    List<Point> one = new ArrayList<>();
    double fixed = median(() -> {
      // A one-step point with a single probe: data set-up (cached after the first), model build, commit.
      Point q = new Point(p.sweep(), p.arch(), p.dataset(), p.learningRate() * (1 + one.size() * 1e-9),
          p.batchSize(), p.weightDecay(), p.seed(), new org.crhsweep.spec.TrainingSpec(1, 1, 0, p.training().loss(),
          false, p.training().dtype()), p.probe());
      one.add(q);
      PointRunner.run(q, store, Provenance.here("bench", "cpu"), ExecutorInfo.local(1),
          org.crhsweep.sweep.FaultPlan.none());
      return 1;
    });
    System.out.printf("4. Fixed cost of a point (1 step, 2 probes, Parquet commit; no Spark task): %.2f s%n", fixed);
  }
}
