#!/usr/bin/env bash
# The VS Code extension's build, unit and grammar tests and packaging (issue 17 §4).
# Called from .ci/run; needs npm and a reachable registry (or a warm npm cache).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: skipping the VS Code extension's build and grammar tests"
  exit 0
fi

# No install scripts: esbuild finds its binary without its postinstall, and packaging
# needs no signing tool.
npm ci --no-audit --no-fund --ignore-scripts
npm run build
npm test

# The .vsix goes to a temporary folder: packaging is checked, nothing is kept.
package_dir="$(mktemp -d)"
trap 'rm -rf "$package_dir"' EXIT
npm run package -- --out "$package_dir/kaoping.vsix"
test -s "$package_dir/kaoping.vsix"
