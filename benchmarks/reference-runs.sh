#!/usr/bin/env bash
# The reference runs of the seed preset (its baselines, the third conv3-dropout seed, the Keras-semantics factor
# runs), one after another, each
# resumed from its last checkpoint when a previous session stopped it. Usage:
#   [NICE=15] [THREADS=2] benchmarks/reference-runs.sh [RUNS_DIR] [BUILD_DIR]   (defaults: /work/refruns, /work/refbuild)
# One thread degrades gracefully beside other work (two threads wait for each other when a core is taken away).
# BUILD_DIR holds a Release build of the Cli (bin/) and a copy of assets/, so rebuilding the clone never touches a
# running process. Finished runs (summary.json present) are skipped; their files go to benchmarks/ by hand.
set -u
runs=${1:-/work/refruns}
build=${2:-/work/refbuild}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$build/bin/ssgan.dll" ]; then
  dotnet build "$repo/Cli" -c Release -o "$build/bin" >/dev/null && cp -r "$repo/assets" "$build/" || exit 1
fi
mkdir -p "$runs" && cd "$runs" || exit 1
ssgan() { nice -n "${NICE:-15}" dotnet "$build/bin/ssgan.dll" "$@"; }
one() { # name, options...
  local name=$1; shift
  if [ -f "$name/summary.json" ]; then echo "$name: done"; return; fi
  if [ -f "$name/config.json" ]; then
    echo "$name: resuming $(date -u +%FT%TZ)"; ssgan train --resume "$name" ${THREADS:+--threads "$THREADS"} >> "$name.log" 2>&1
  else
    echo "$name: starting $(date -u +%FT%TZ)"; ssgan train --out "$name" "$@" > "$name.log" 2>&1
  fi
  echo "$name: exit $? $(date -u +%FT%TZ)"
}
one seed-s1 --preset seed --seed 1 --provider managed --threads "${THREADS:-2}"
# The baselines are a sixth of a step each: all three before the next two-hour seed run.
one seed-baseline-s1 --preset seed --baseline --seed 1 --provider managed --threads "${THREADS:-2}"
one seed-baseline-s2 --preset seed --baseline --seed 2 --provider managed --threads "${THREADS:-2}"
one seed-baseline-s3 --preset seed --baseline --seed 3 --provider managed --threads "${THREADS:-2}"
one seed-s2 --preset seed --seed 2 --provider managed --threads "${THREADS:-2}"
one seed-s3 --preset seed --seed 3 --provider managed --threads "${THREADS:-2}"
one conv3-dropout-s3 --preset conv3-dropout --seed 3 --provider managed --threads "${THREADS:-2}"
# The Keras semantics of issue 16, each against the seed runs' own step 3,600 (same seeds, same labels); 3,600
# steps, not 6,000, so that the four fit beside the third conv3-dropout seed in one session at one thread each.
for s in 1 2; do
  one seed-keras-clip-s$s --preset seed --keras-clip --steps 3600 --seed $s --provider managed --threads "${THREADS:-2}"
  one seed-labels-wr-s$s --preset seed --labels-with-replacement --steps 3600 --seed $s --provider managed --threads "${THREADS:-2}"
done
