#!/usr/bin/env bash
# Write a sweep's phases table and HTML report on a cluster (the report directory is on the submitting machine).
# Usage: SPARK_HOME=/opt/spark jobs/submit-report.sh CONF [spark-submit options] -- --out OUT --sweep S --to DIR
# Example:
#   jobs/submit-report.sh conf/cluster/standalone.conf -- --out hdfs://namenode:8020/crh/runs --sweep paper-fc --to report
# `crh report` recomputes the phases table first, so this is the whole aggregation job.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,6p' "$0" >&2; exit 2; }
[[ $# -ge 1 && "$1" != "-h" && "$1" != "--help" ]] || usage
CONF="$1"
shift
[[ -f "$CONF" ]] || { echo "submit-report: properties file $CONF not found: use conf/cluster/standalone.conf, yarn.conf, kubernetes.conf or your own" >&2; exit 2; }
OPTS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do OPTS+=("$1"); shift; done
[[ $# -gt 0 ]] || { echo "submit-report: put -- before the report options, e.g. -- --out OUT --sweep S --to DIR" >&2; exit 2; }
shift
CRH_SPARK_CONF="$CONF" exec "$HERE/jobs/submit.sh" "${OPTS[@]}" -- report "$@"
