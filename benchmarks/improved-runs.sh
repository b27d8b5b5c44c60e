#!/usr/bin/env bash
# The improved preset's reference runs (issue 17): seeds 1–3 at 100 labels, each resumed from its last checkpoint
# when a session stopped it. Usage: [NICE=5] [THREADS=1] benchmarks/improved-runs.sh RUNS_DIR BUILD_DIR SEED...
# Two seeds side by side at one thread each make the most of two cores (48.7 ms a step each); one alone at two
# threads is ~30 ms. Keep RUNS_DIR inside the clone (e.g. runs/, ignored by git) so it outlives the session.
set -u
runs=${1:?runs directory}; build=${2:?build directory (bin/ssgan.dll and assets/)}; shift 2
mkdir -p "$runs" && cd "$runs" || exit 1
for seed in "${@:-1}"; do
  name=improved-s$seed
  if [ -f "$name/summary.json" ]; then echo "$name: done"; continue; fi
  if [ -f "$name/config.json" ]; then
    nice -n "${NICE:-5}" dotnet "$build/bin/ssgan.dll" train --resume "$name" --threads "${THREADS:-1}" >> "$name.log" 2>&1
  else
    nice -n "${NICE:-5}" dotnet "$build/bin/ssgan.dll" train --out "$name" --preset improved --seed "$seed" --provider managed --threads "${THREADS:-1}" > "$name.log" 2>&1
  fi
  echo "$name: exit $? $(date -u +%FT%TZ)"
done
