#!/usr/bin/env bash
# Interleaved rounds: two builds of ssgan (before/after) and the libtorch peer, on the same idle machine. Usage:
#   rounds.sh BEFORE_DLL AFTER_DLL ROUNDS OUT_CSV        (each DLL: a Release build's ssgan.dll)
# A reference training run may be paused around it (kill -STOP / -CONT); nothing else should run.
set -u
before=$1; after=$2; rounds=$3; out=$4
peer=${PEER:-/work/shared/peers/libtorch/run.sh}
echo "round,label,step_ms_median,gflops,sgemm_peak_gflops,eval_seconds,peak_rss_mb,alloc_bytes_per_step,describe" > "$out"
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2],''))" "$1" "$2"; }
bench() { # round label dll args...
  local r=$1 label=$2 dll=$3; shift 3
  local j; j=$(mktemp)
  dotnet "$dll" bench --steps 15 --eval-runs 3 --json --threads 2 "$@" > "$j" 2>/dev/null || { echo "$r,$label,failed" >> "$out"; return; }
  printf '%s,%s,%s,%s,%s,%s,%s,%s,"%s"\n' "$r" "$label" "$(field "$j" step_ms_median)" "$(field "$j" gflops)" \
    "$(field "$j" sgemm_peak_gflops)" "$(field "$j" eval_seconds)" "$(field "$j" peak_rss_mb)" \
    "$(field "$j" alloc_bytes_per_step)" "$(field "$j" kernels)" >> "$out"
  rm -f "$j"
}
torch() { # round label convs
  local line; line=$("$peer" 15 2 "$3" 2>/dev/null | tail -1)
  local med; med=$(sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' <<< "$line")
  echo "$1,$2,$med,,,,,,\"$line\"" >> "$out"
}
for r in $(seq 1 "$rounds"); do
  bench "$r" "after seed" "$after" --preset seed --provider managed
  torch "$r" "libtorch seed" 2
  bench "$r" "before seed" "$before" --preset seed --provider managed
  bench "$r" "after seed without winograd-packed" "$after" --preset seed --provider managed --without winograd-packed
  bench "$r" "after seed without winograd-dw" "$after" --preset seed --provider managed --without winograd-dw
  bench "$r" "after seed without both" "$after" --preset seed --provider managed --without winograd-packed winograd-dw
  bench "$r" "after conv3-dropout" "$after" --preset conv3-dropout --provider managed
  torch "$r" "libtorch conv3-dropout" 3
  bench "$r" "after seed openblas" "$after" --preset seed --provider openblas
  bench "$r" "after seed mkl" "$after" --preset seed --provider mkl
  bench "$r" "after improved" "$after" --preset improved --provider managed
done
cat "$out"
