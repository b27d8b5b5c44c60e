#!/usr/bin/env bash
# Interleaved rounds on one idle machine: two builds of ssgan (BEFORE: every kernel path; AFTER: the candidate) and
# the libtorch peer (../shared/peers/libtorch, set up once), 15 timed steps each. Usage:
#   rounds.sh BEFORE_DLL AFTER_DLL ROUNDS OUT_CSV        (each DLL: a Release build's ssgan.dll)
# A reference training run may be paused around it (kill -STOP / -CONT); nothing else should run.
set -u
before=$1; after=$2; rounds=$3; out=$4
peer=${PEER:-/work/shared/peers/libtorch/run.sh}
echo "round,label,step_ms_median,gflops,sgemm_peak_gflops,eval_seconds,peak_rss_mb,alloc_bytes_per_step,describe" > "$out"
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2],''))" "$1" "$2"; }
bench() { # round label dll args... (env: ENVS for the process)
  local r=$1 label=$2 dll=$3; shift 3
  local j; j=$(mktemp)
  env ${ENVS:-} dotnet "$dll" bench --steps 15 --eval-runs 3 --json --threads 2 "$@" > "$j" 2>/dev/null || { echo "$r,$label,failed" >> "$out"; return; }
  printf '%s,%s,%s,%s,%s,%s,%s,%s,"%s"\n' "$r" "$label" "$(field "$j" step_ms_median)" "$(field "$j" gflops)" \
    "$(field "$j" sgemm_peak_gflops)" "$(field "$j" eval_seconds)" "$(field "$j" peak_rss_mb)" \
    "$(field "$j" alloc_bytes_per_step)" "$(field "$j" kernels)" >> "$out"
  rm -f "$j"
}
torch() { # round label convs
  local line; line=$("$peer" 15 2 "$3" 2>/dev/null | tail -1)
  echo "$1,$2,$(sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' <<< "$line"),,,,,,\"$line\"" >> "$out"
}
for r in $(seq 1 "$rounds"); do
  bench "$r" "before seed" "$before" --preset seed --provider managed
  torch "$r" "libtorch seed" 2
  bench "$r" "after seed" "$after" --preset seed --provider managed
  bench "$r" "after conv3-dropout" "$after" --preset conv3-dropout --provider managed
  torch "$r" "libtorch conv3-dropout" 3
  bench "$r" "before conv3-dropout" "$before" --preset conv3-dropout --provider managed
  ENVS=DOTNET_EnableAVX512=0 bench "$r" "after seed AVX-512 off" "$after" --preset seed --provider managed
  bench "$r" "after improved" "$after" --preset improved --provider managed
  if [ "$r" = 1 ]; then
    bench "$r" "after seed openblas" "$after" --preset seed --provider openblas
    bench "$r" "after seed mkl" "$after" --preset seed --provider mkl
  fi
done
cat "$out"
