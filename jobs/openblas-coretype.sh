# Sourced by jobs/crh, jobs/bench.sh and .ci/run (not run on its own): chooses OpenBLAS's kernels where its own
# detection cannot. ND4J 1.0.0-M2.1 ships OpenBLAS 0.3.19, whose CPU detection predates AMD Zen 4 and 5: it
# took a Zen 5 for a 2008 Barcelona (SSE kernels; a 64x64x64 sgemm in 16 us, against 7 us on its AVX2 kernels
# and 2.6 us on its AVX-512 ones). When OPENBLAS_CORETYPE is unset, this sets it from the CPU flags of this
# machine (/proc/cpuinfo, or CRH_CPUINFO): SKYLAKEX with AVX-512 (F, BW, VL, DQ, CD), HASWELL with AVX2 and
# FMA, nothing otherwise. A value you set, even an empty one, is kept. Executors on a cluster need it in their
# own environment (docs/performance.md, "OpenBLAS's choice of kernels").
crh_openblas_coretype() {
  local info="${CRH_CPUINFO:-/proc/cpuinfo}" flags f
  if [[ -n "${OPENBLAS_CORETYPE+set}" || ! -r "$info" ]]; then
    return 0
  fi
  flags=" $(grep -m1 '^flags' "$info" | cut -d: -f2 || true) "
  for f in avx512f avx512bw avx512vl avx512dq avx512cd; do
    if [[ "$flags" != *" $f "* ]]; then
      if [[ "$flags" == *" avx2 "* && "$flags" == *" fma "* ]]; then
        export OPENBLAS_CORETYPE=HASWELL
      fi
      return 0
    fi
  done
  export OPENBLAS_CORETYPE=SKYLAKEX
}
