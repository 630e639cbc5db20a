#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript, and
# spark.worker.resource.gpu.discoveryScript on standalone workers). Prints the GPUs this node has as
#   {"name": "gpu", "addresses": ["0", "1"]}
# using the indices nvidia-smi reports, which are the CUDA ordinals when CUDA_VISIBLE_DEVICES is unset.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery: nvidia-smi not found on $(hostname): install the NVIDIA driver or drop spark.*.resource.gpu.*" >&2
  exit 1
fi
addresses=""
while IFS= read -r index; do
  index="${index//[[:space:]]/}"
  [[ -z "$index" ]] && continue
  addresses+="${addresses:+, }\"$index\""
done < <(nvidia-smi --query-gpu=index --format=csv,noheader)
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
