#!/usr/bin/env bash
# The label-budget table of issue 17: 20, 50, 100 and 1,000 labels for the seed preset, the improved preset and
# the supervised-only baseline of each, one seed per cell unless SEEDS says more. Each run resumes from its last
# checkpoint when a session stopped it; finished runs (summary.json) are skipped. The seed preset's 100-label runs
# and their baselines already exist (benchmarks/seed-s*, seed-baseline-s*) and are not repeated.
# Usage: [NICE=5] [THREADS=1] [SEEDS="1"] [BUDGETS="20 50 1000 100"] [KINDS="improved-baseline seed-baseline improved seed"]
#        benchmarks/label-budget.sh RUNS_DIR BUILD_DIR
# Cost at one thread beside another run: seed ~1 h 50 min, improved ~25 min, the baselines ~6 min (seed) and a few (MLP).
set -u
runs=${1:?runs directory}; build=${2:?build directory (bin/ssgan.dll and assets/)}
mkdir -p "$runs" && cd "$runs" || exit 1
one() { # name, options...
  local name=$1; shift
  if [ -f "$name/summary.json" ]; then echo "$name: done"; return; fi
  if [ -f "$name/config.json" ]; then
    nice -n "${NICE:-5}" dotnet "$build/bin/ssgan.dll" train --resume "$name" --threads "${THREADS:-1}" >> "$name.log" 2>&1
  else
    nice -n "${NICE:-5}" dotnet "$build/bin/ssgan.dll" train --out "$name" "$@" --provider managed --threads "${THREADS:-1}" > "$name.log" 2>&1
  fi
  echo "$name: exit $? $(date -u +%FT%TZ)"
}
for seed in ${SEEDS:-1}; do
  for n in ${BUDGETS:-20 50 1000 100}; do
    for kind in ${KINDS:-improved-baseline seed-baseline improved seed}; do
      case $kind in
        improved-baseline) one "improved-baseline-l$n-s$seed" --preset improved --baseline --labels "$n" --seed "$seed" ;;
        seed-baseline) [ "$n" = 100 ] || one "seed-baseline-l$n-s$seed" --preset seed --baseline --labels "$n" --seed "$seed" ;;
        improved) [ "$n" = 100 ] || one "improved-l$n-s$seed" --preset improved --labels "$n" --seed "$seed" ;;
        seed) [ "$n" = 100 ] || one "seed-l$n-s$seed" --preset seed --labels "$n" --seed "$seed" ;;
      esac
    done
  done
done
