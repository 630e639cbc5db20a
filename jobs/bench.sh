#!/usr/bin/env bash
# The benchmarks of bench/ (run on purpose, never part of the tests): prints tables of ratios
# measured in one run. Run on an otherwise idle machine.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
if [[ ! -f target/crh-sweep.jar || ! -f target/classpath.txt || -n "$(find src/main pom.xml -newer target/crh-sweep.jar -print -quit)" ]]; then
  mvn -B -q -DskipTests package
fi
# OpenBLAS 0.3.19 (ND4J's) cannot tell the kernels of newer CPUs: chosen from the CPU flags unless set.
source "$HERE/jobs/openblas-coretype.sh"
crh_openblas_coretype

# Spark's driver needs these on Java 17 (section "spark" runs real local sweeps); as in jobs/crh.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
# CRH_BENCH_JAVACPP= (empty) measures without the JavaCPP flag that jobs/crh and Spark's JVMs get.
CP="target/crh-sweep.jar:$(cat target/classpath.txt)"
# Compiled ahead, not run as a source file: the source launcher compiles in the measured JVM, and javac's own hot
# methods then queue before crh's in the JIT (on 2 cores the first ~6 points of a section ran 2-3x slow).
if [[ ! -f target/bench-classes/Bench.class || -n "$(find bench -name '*.java' -newer target/bench-classes/Bench.class)" \
    || target/crh-sweep.jar -nt target/bench-classes/Bench.class ]]; then
  if ! javac -nowarn -d target/bench-classes -cp "$CP" bench/*.java 2> target/bench-javac.log; then
    cat target/bench-javac.log >&2
    exit 1
  fi
fi
exec java "${OPENS[@]}" -Dlog4j2.configurationFile="$HERE/conf/log4j2.properties" ${CRH_BENCH_JAVACPP--Dorg.bytedeco.javacpp.maxPhysicalBytes=0} --add-modules=jdk.incubator.vector ${CRH_JAVA_OPTS:--Xmx2g} -cp "target/bench-classes:$CP" Bench "$@" \
  | grep --line-buffered -v '^Added differentiated op'
