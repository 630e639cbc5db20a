#!/usr/bin/env bash
# Submit a sweep to a cluster with one of the properties templates of conf/cluster/ (or your own file).
# Usage: SPARK_HOME=/opt/spark jobs/submit-sweep.sh CONF [spark-submit options] -- --spec F --out OUT [sweep options]
# Example:
#   jobs/submit-sweep.sh conf/cluster/yarn.conf --conf spark.executor.instances=16 -- \
#     --spec conf/sweeps/paper-fc.yaml --out hdfs:///user/me/crh/runs
# Rerunning the same command resumes (committed points are skipped); see docs/operations.md, "When something dies".
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,7p' "$0" >&2; exit 2; }
[[ $# -ge 1 && "$1" != "-h" && "$1" != "--help" ]] || usage
CONF="$1"
shift
[[ -f "$CONF" ]] || { echo "submit-sweep: properties file $CONF not found: use conf/cluster/standalone.conf, yarn.conf, kubernetes.conf or your own" >&2; exit 2; }
OPTS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do OPTS+=("$1"); shift; done
[[ $# -gt 0 ]] || { echo "submit-sweep: put -- before the sweep options, e.g. -- --spec F --out OUT" >&2; exit 2; }
shift
CRH_SPARK_CONF="$CONF" exec "$HERE/jobs/submit.sh" "${OPTS[@]}" -- sweep "$@"
