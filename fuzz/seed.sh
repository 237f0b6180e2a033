#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ (not in git) with the seed inputs: the shipped
# and test policies for `check` and `format`, the example and test facts for
# `facts`. Copies rather than points at them, because libFuzzer writes new
# inputs into the first corpus folder it is given.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in check format; do
  mkdir -p "fuzz/corpus/$target"
  find policies examples tests/data/policies -name '*.kp' | while read -r file; do
    cp "$file" "fuzz/corpus/$target/seed-$(echo "$file" | tr '/' '_')"
  done
done
mkdir -p fuzz/corpus/facts
for file in examples/jiangxi-2019/*.yaml tests/data/facts/*.yaml; do
  cp "$file" "fuzz/corpus/facts/seed-$(echo "$file" | tr '/' '_')"
done
