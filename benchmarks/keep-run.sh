#!/usr/bin/env bash
# Copies what the repository keeps of a finished reference run: config, metrics, summary, curves, the last sample
# grid and the final weights (raw, averaged, generator) with checkpoints/latest naming them. Never the optimizer
# state, intermediate checkpoints, earlier grids or logs. Usage: benchmarks/keep-run.sh RUN_DIR DEST_DIR
set -euo pipefail
src=${1:?run directory}; dest=${2:?destination}
[ -f "$src/summary.json" ] || { echo "$src: no summary.json, the run has not finished" >&2; exit 3; }
[ ! -e "$dest" ] || { echo "$dest exists; not overwriting" >&2; exit 3; }
last=$(cat "$src/checkpoints/latest")
mkdir -p "$dest/checkpoints/$last"
cp "$src"/{config.json,metrics.csv,summary.json,curves.png} "$dest/"
weights="discriminator discriminator-ema generator"
# A baseline never trains its generator: its file would be the initial weights.
grep -q '"baseline": *true' "$src/summary.json" && weights="discriminator discriminator-ema"
for f in $weights; do
  [ -f "$src/checkpoints/$last/$f.safetensors" ] && cp "$src/checkpoints/$last/$f.safetensors" "$dest/checkpoints/$last/"
done
printf '%s' "$last" > "$dest/checkpoints/latest"
grid=$(ls "$src"/samples/*.png 2>/dev/null | sort | tail -1 || true)
if [ -n "$grid" ]; then mkdir -p "$dest/samples" && cp "$grid" "$dest/samples/"; fi
du -sh "$dest"
