#!/usr/bin/env bash
# Builds the libFuzzer targets (the "fuzz" preset: clang, ASan + UBSan) and
# runs each one from its seed corpus for SECONDS (default 10), one target at a
# time. Fails if any target crashes, leaks, times out or trips a sanitizer,
# printing the input that did it. tests/fuzz/README.md has the longer runs.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 extract url
#
# The corpora grow in a temporary folder, removed afterwards unless something
# was found; set KHOBAO_FUZZ_WORK=DIR to keep them (and start from them next time).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true

cmake --preset fuzz -DKHOBAO_WERROR=ON >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for exe in build-fuzz/fuzz_*; do targets+=("${exe#build-fuzz/fuzz_}"); done
fi

# The dictionary and the largest input of each target: a page may be big, a date may not.
declare -A dict=([extract]=html [charset]=html [selector]=css [url]=url [robots]=robots [site_rules]=toml
                 [dates]=dates [feed]=xml [sitemap]=xml [warc]=warc [search_query]=search_query)
declare -A max_len=([extract]=65536 [charset]=16384 [selector]=1024 [url]=4096 [robots]=8192 [site_rules]=8192
                    [dates]=256 [feed]=16384 [sitemap]=16384 [warc]=16384 [search_query]=1024)

work=${KHOBAO_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/khobao-fuzz.XXXXXX")}
mkdir -p "$work"
build-fuzz/khobao-fuzz-corpus "$work/seeds" >/dev/null

printf '%-13s %12s %8s %7s %7s %7s  %s\n' target runs exec/s cov ft corpus result
failed=()
for t in "${targets[@]}"; do
  [ -n "${dict[$t]:-}" ] || { echo "fuzz.sh: no target '$t'" >&2; exit 2; }
  mkdir -p "$work/$t/corpus" "$work/$t/found"
  log="$work/$t/fuzz.log"
  status=ok
  build-fuzz/fuzz_"$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="tests/fuzz/dict/${dict[$t]}.dict" -max_len="${max_len[$t]}" -artifact_prefix="$work/$t/found/" \
    "$work/$t/corpus" "$work/seeds/$t" >"$log" 2>&1 || status=FAILED
  # "#12345 DONE cov: 2468 ft: 9120 corp: 512/2Mb lim: 4096 exec/s: 411 rss: 600Mb"
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  field() { sed -nE "s|.*[[:space:]]$1:? ([^ ]+).*|\\1|p" <<<"$done_line"; }
  printf '%-13s %12s %8s %7s %7s %7s  %s\n' "$t" "$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$done_line")" \
    "$(field exec/s)" "$(field cov)" "$(field ft)" "$(field corp | cut -d/ -f1)" "$status"
  if [ "$status" != ok ]; then
    failed+=("$t")
    grep -E 'ERROR: |SUMMARY: |runtime error|terminate called|what\(\)' "$log" | head -5 | sed 's/^/    /'
    for f in "$work/$t/found"/*; do [ -e "$f" ] && echo "    input: $f"; done
    echo "    log: $log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: ${failed[*]} failed; the inputs are kept in $work (tests/fuzz/README.md: from a crash to a regression test)" >&2
  exit 1
fi
[ -n "${KHOBAO_FUZZ_WORK:-}" ] || rm -rf "$work"
