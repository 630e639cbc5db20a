#!/usr/bin/env bash
# Run a crh command on a Spark cluster through spark-submit (client mode: the spec is read locally).
# Usage: SPARK_HOME=/opt/spark jobs/submit.sh [spark-submit options --] <crh command and options>
# Example:
#   jobs/submit.sh --master spark://head:7077 --executor-cores 4 --conf spark.task.cpus=1 -- \
#     sweep --spec conf/sweeps/paper-fc.yaml --out hdfs://namenode:8020/crh/runs
# The jar (target/crh-sweep-spark.jar, or CRH_JAR) holds everything but Spark; build it with
#   mvn -B -DskipTests package
# CRH_SPARK_CONF names the properties file (default conf/spark-defaults.conf; templates in conf/cluster/).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${CRH_JAR:-$HERE/target/crh-sweep-spark.jar}"
CONF="${CRH_SPARK_CONF:-$HERE/conf/spark-defaults.conf}"
[[ -f "$CONF" ]] || { echo "submit: properties file $CONF not found (see conf/spark-defaults.conf, conf/cluster/*.conf)" >&2; exit 2; }
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 (Scala 2.12) installation}"
if [[ ! -f "$JAR" ]]; then
  source "$HERE/jobs/build.sh"
  crh_build "$HERE"
fi
SUBMIT_OPTS=()
if [[ " $* " == *" -- "* ]]; then
  while [[ $# -gt 0 && "$1" != "--" ]]; do SUBMIT_OPTS+=("$1"); shift; done
  shift
fi
exec "$SPARK_HOME/bin/spark-submit" --class org.crhsweep.cli.Main \
  --properties-file "$CONF" \
  --driver-java-options "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 --add-modules=jdk.incubator.vector -Dlog4j2.configurationFile=$HERE/conf/log4j2.properties" \
  "${SUBMIT_OPTS[@]}" "$JAR" "$@"
