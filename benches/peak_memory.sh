#!/usr/bin/env bash
# Peak resident memory of `kaoping score --format json` ÷ the facts file's
# size, at 100,000 candidates (issue 16 target: ≤ 3×), for both 2019 policies
# and both hard distributions (candidates over 11 cities and over 1), from
# YAML and, where the CLI reads it, from JSON.
#
#   bash benches/peak_memory.sh              # 100,000 candidates
#   CANDIDATES=10000 bash benches/peak_memory.sh
#
# Needs GNU time (/usr/bin/time -v). Files go to a temporary folder removed
# at the end (about 1.5 GB at 100k while it runs).
set -euo pipefail
cd "$(dirname "$0")/.."

candidates=${CANDIDATES:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export CARGO_INCREMENTAL=0
cargo build --quiet --release --bin kaoping --example generate
kaoping=target/release/kaoping
generate=target/release/examples/generate

printf '%-11s %-7s %-5s %12s %14s %8s\n' policy cities facts 'file (KiB)' 'peak RSS (KiB)' ratio
for part in collective individual; do
  policy=policies/jiangxi-2019/$part.kp
  for cities in 11 1; do
    for format in yaml json; do
      facts=$work/$part-$cities.$format
      "$generate" "$part" --candidates "$candidates" --cities "$cities" --seed 2019 \
        --format "$format" -o "$facts"
      size=$(( $(stat -c %s "$facts") / 1024 ))
      # `score` exits 1 when a finding fails the run's check, 0 otherwise; any
      # other status (2: the CLI refused the input) means no measurement.
      status=0
      /usr/bin/time -v -o "$work/time" "$kaoping" score --format json -o "$work/out.json" \
        "$policy" "$facts" >/dev/null 2>"$work/stderr" || status=$?
      if [ "$status" -gt 1 ]; then
        if [ "$format" = json ]; then
          printf '%-11s %-7s %-5s %12s %14s %8s\n' "$part" "$cities" "$format" "$size" - \
            'skipped: the CLI does not read JSON facts'
        else
          echo "score failed on $facts:" >&2
          head -20 "$work/stderr" >&2
          exit 1
        fi
      else
        peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
        ratio=$(awk -v peak="$peak" -v size="$size" 'BEGIN { printf "%.2f", peak / size }')
        printf '%-11s %-7s %-5s %12s %14s %8s\n' "$part" "$cities" "$format" "$size" "$peak" "$ratio×"
      fi
      rm -f "$facts" "$work/out.json"
    done
  done
done
