#!/usr/bin/env bash
# The benchmarks of bench/ (run on purpose, never part of the tests): prints tables of ratios
# measured in one run. Run on an otherwise idle machine.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
if [[ ! -f target/crh-sweep.jar || ! -f target/classpath.txt || -n "$(find src/main pom.xml -newer target/crh-sweep.jar -print -quit)" ]]; then
  mvn -B -q -DskipTests package
fi
# CRH_BENCH_JAVACPP= (empty) measures without the JavaCPP flag that jobs/crh and Spark's JVMs get.
exec java ${CRH_BENCH_JAVACPP--Dorg.bytedeco.javacpp.maxPhysicalBytes=0} ${CRH_JAVA_OPTS:--Xmx2g} -cp "target/crh-sweep.jar:$(cat target/classpath.txt)" bench/Bench.java "$@" \
  | grep -v '^Added differentiated op'
