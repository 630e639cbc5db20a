#!/usr/bin/env bash
# The README's main job: a 24-point MLP sweep on embedded local Spark, its phases, and the report.
# Usage: jobs/quickstart.sh [OUT]   (default OUT: runs; the report goes to report/index.html)
# Re-running resumes: finished points are skipped.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
OUT="${1:-runs}"
echo "quickstart: 24 small MLPs on local Spark, then their phases and the report: 1-2 minutes on 2 idle cores" \
  "(3.5 on busy ones), plus the build on a first run (5.5 minutes more with its downloads, under a minute" \
  "when only sources changed)" >&2

status=0
# One command, one Spark session: the sweep, then its phases (as crh phases prints them), then the report.
jobs/crh sweep --spec conf/sweeps/quickstart.yaml --out "$OUT" --report report || status=$?
# Exit code 3 means some points failed: they are recorded, and the report shows them.
if [[ $status -ne 0 && $status -ne 3 ]]; then
  exit "$status"
fi
echo "open: $HERE/report/index.html"
exit "$status"
