#!/usr/bin/env bash
# GPU check, for a cluster node with NVIDIA GPUs and a Spark 3.5 (Scala 2.12) installation:
#   1. builds the spark-submit jar twice: -Pcuda (ND4J CUDA 11.6) and the default CPU one;
#   2. runs one small sweep with four points per GPU on GPU executors (spark.task.resource.gpu.amount=0.25),
#      then the same points on CPU executors with the same cores;
#   3. prints backend and device per point, and points/hour of both runs.
# Usage: SPARK_HOME=/opt/spark jobs/gpu-check.sh [--master spark://host:7077] [--work DIR]
# Without --master it starts a one-node standalone cluster (master + one worker with every GPU of this
# node) from $SPARK_HOME/sbin and stops it on exit. The host needs CUDA 11.6 libraries on
# LD_LIBRARY_PATH, or set CRH_CUDA_PROFILES=cuda,cuda-redist to bundle them into the jar (1.7 GB more).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 (Scala 2.12) installation}"
MASTER=""
WORK="${TMPDIR:-/tmp}/crh-gpu-check"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) MASTER="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1 (use --master URL, --work DIR)" >&2; exit 2 ;;
  esac
done
command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: run this on a node with NVIDIA GPUs" >&2; exit 2; }
GPUS="$(nvidia-smi --query-gpu=index --format=csv,noheader | grep -c .)"
[[ "$GPUS" -ge 1 ]] || { echo "gpu-check: nvidia-smi lists no GPU" >&2; exit 2; }
CORES=$((4 * GPUS))
POINTS=$((4 * GPUS))
mkdir -p "$WORK"
echo "gpu-check: $GPUS GPU(s), $POINTS points, work dir $WORK"

# 1. Both jars (the shade plugin writes target/crh-sweep-spark.jar; keep a copy of each).
(cd "$HERE" && mvn -B -q -P"${CRH_CUDA_PROFILES:-cuda}" -DskipTests package)
cp "$HERE/target/crh-sweep-spark.jar" "$WORK/crh-cuda.jar"
(cd "$HERE" && mvn -B -q -DskipTests package)
cp "$HERE/target/crh-sweep-spark.jar" "$WORK/crh-cpu.jar"

# The sweep: a width-256 MLP, four weight decays x one seed per GPU = four points per GPU.
seeds="$(seq -s, 0 $((GPUS - 1)))"
spec() {
  cat <<YAML
name: $1
dataset: {kind: teacher_student, input_dim: 64, output_dim: 8, train_size: 8192, teacher_width: 128}
grid:
  architecture:
    - {type: mlp, depth: 4, width: 256, activation: tanh}
  learning_rate: [0.05]
  batch_size: [128]
  weight_decay: [0, 0.0001, 0.001, 0.01]
  seed: [$seeds]
training: {steps: 3000, probe_every: 500}
probe: {samples: 512}
YAML
}
spec gpu-check-cuda > "$WORK/cuda.yaml"
spec gpu-check-cpu > "$WORK/cpu.yaml"
OUT="$WORK/runs"
rm -rf "$OUT"

started_cluster=()
stop_cluster() {
  for s in "${started_cluster[@]}"; do "$SPARK_HOME/sbin/$s" >/dev/null 2>&1 || true; done
}
trap stop_cluster EXIT
if [[ -z "$MASTER" ]]; then
  host="$(hostname -f 2>/dev/null || hostname)"
  export SPARK_WORKER_OPTS="-Dspark.worker.resource.gpu.amount=$GPUS -Dspark.worker.resource.gpu.discoveryScript=$HERE/conf/gpu-discovery.sh"
  "$SPARK_HOME/sbin/start-master.sh" --host "$host" --port 7077 >/dev/null
  started_cluster=(stop-worker.sh stop-master.sh)
  "$SPARK_HOME/sbin/start-worker.sh" --cores "$CORES" --memory "$((6 * GPUS))g" "spark://$host:7077" >/dev/null
  MASTER="spark://$host:7077"
  sleep 5
fi

submit() { # jar, extra confs..., -- crh args
  local jar="$1"; shift
  local opts=()
  while [[ "$1" != "--" ]]; do opts+=("$1"); shift; done
  shift
  "$SPARK_HOME/bin/spark-submit" --class org.crhsweep.cli.Main \
    --properties-file "$HERE/conf/spark-defaults.conf" \
    --driver-java-options "-Dlog4j2.configurationFile=$HERE/conf/log4j2.properties" \
    "${opts[@]}" "$jar" "$@"
}

# 2. GPU run, then CPU run on the same cores.
t0=$(date +%s)
submit "$WORK/crh-cuda.jar" --master "$MASTER" --total-executor-cores "$CORES" \
  --conf spark.executor.cores=4 --conf spark.task.cpus=1 \
  --conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=0.25 \
  --conf spark.executor.resource.gpu.discoveryScript="$HERE/conf/gpu-discovery.sh" \
  -- sweep --spec "$WORK/cuda.yaml" --out "$OUT"
t1=$(date +%s)
submit "$WORK/crh-cpu.jar" --master "$MASTER" --total-executor-cores "$CORES" \
  --conf spark.executor.cores=4 --conf spark.task.cpus=1 \
  -- sweep --spec "$WORK/cpu.yaml" --out "$OUT"
t2=$(date +%s)

# 3. What ran where, and the rates.
submit "$WORK/crh-cpu.jar" --master "local[2]" -- sql --out "$OUT" \
  "SELECT sweep, point_id, status, backend, device, executor, round(wall_seconds, 1) AS wall_s FROM points ORDER BY sweep, device, point_id"
gpu_s=$((t1 - t0)); cpu_s=$((t2 - t1))
awk -v n="$POINTS" -v g="$gpu_s" -v c="$cpu_s" 'BEGIN {
  gp = n * 3600 / (g > 0 ? g : 1); cp = n * 3600 / (c > 0 ? c : 1);
  printf "gpu-check: cuda %d points in %d s = %.0f points/hour; cpu %d points in %d s = %.0f points/hour; ratio %.2fx\n", n, g, gp, n, c, cp, gp / cp }'
