#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install, build, then extract the
# bundled baohatinh.vn article (the 2018 page of ../shared/reference/) and
# print the clean record, first as a reader sees it, then as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target khobao
page=tests/fixtures/sites/baohatinh.vn/2018-thach-ha.html
echo
echo "== khobao extract $page"
build/khobao extract "$page"
echo
echo "== khobao extract --json $page"
build/khobao extract --json "$page"
