#!/usr/bin/env bash
# Every test, from a fresh Debian machine: install, then build and run the
# Catch2 suite twice, in the normal build and under AddressSanitizer +
# UndefinedBehaviorSanitizer, then each libFuzzer target for a few seconds
# (tests/fuzz/README.md). CI runs exactly this (.ci/run). The web UI's
# browser test leaves its screenshots in build/artefacts/serve/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
jobs=$(nproc)
for preset in default sanitize; do
  echo "== $preset build"
  cmake --preset "$preset" -DKHOBAO_WERROR=ON >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset tests"
  ctest --preset "$preset" -j "$jobs"
done
echo "== fuzz (10 s per target)"
scripts/fuzz.sh 10
