#!/usr/bin/env bash
# Peak memory and CPU of a `khobao crawl` with the default options (but
# --delay 0, so that the two heavy pages are fetched and parsed at the same
# time) of a demo site on loopback where one article is a page of a million
# links (57 MB, sent gzip'd: 6-7 MB on the wire) and another a million nested
# <div>. Prints figures.
#   bench/heavy_pages.sh [BUILD_DIR] [extra khobao crawl options...]
set -euo pipefail
build=${1:-build}
shift || true
dir=$(mktemp -d)
site_pid=
cleanup() {
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null && wait "$site_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
"$build/khobao-testsite" --heavy --articles 10 --port-file "$dir/port" > /dev/null &
site_pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
port=$(cat "$dir/port")
routes=()
for h in baohatinh.vn www.baohatinh.vn; do routes+=(--connect-to "$h:80:127.0.0.1:$port"); done
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  "$build/khobao" --archive "$dir/k.sqlite" --log-file "$dir/khobao.log" crawl --seed http://baohatinh.vn/ \
  "${routes[@]}" --delay 0 --contact https://example.org/khobao-bench "$@"
grep -E "limit:|nested more than" "$dir/khobao.log" | sed 's/^\[[^]]*\] //' || true
