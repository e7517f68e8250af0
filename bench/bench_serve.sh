#!/usr/bin/env bash
# The web UI at scale: `khobao serve` on a large archive (by default the
# million-version one that `bench_archive replicate` makes), measured on
# loopback in two states, idle and while a crawl writes to the same archive:
#   - latency: N search pages, N article pages and a few home, sites,
#     history and diff pages, one request at a time, each on a new
#     connection, timed by curl (time_total); then the article pages again
#     over one kept-alive connection, as a browser asks them. p50 / p95 / max
#     per kind of page and per kind of search;
#   - throughput: wrk -t2 -c16 -d30s --latency on a list of search paths and
#     on a list of article paths (bench/serve_paths.lua rotates through
#     them), with kept-alive connections, and the articles once more with a
#     new connection per request; requests/s, latency percentiles and the
#     server's CPU seconds.
# The searches come from the archive's own text: words of random titles with
# and without diacritics, quoted phrases, site, author and date filters,
# sort=newest, page=2..5, and a few fixed ones ("thach ha", "Thạch Hà",
# "kinh tế"); the articles are random pages that have versions (one in five
# at ?version=1). The crawl is the demo one (khobao-testsite on loopback,
# crawled under the real host names baohatinh.vn, baonghean.vn,
# baothanhhoa.vn, baohonglinh.vn with --connect-to and --delay 0, as
# scripts/demo.sh runs it); it starts before the second round of
# measurements and is stopped (SIGTERM) after it; the script reports the
# fetches it stored in that window and the exit code of each run. Prints a
# summary at the end; the paths asked, the raw timings and wrk's output stay
# in the work folder.
#
#   bench/bench_serve.sh [--archive PATH] [--khobao BIN] [--testsite BIN] [-n N] [--search-budget S]
#                        [--duration 30s] [--connections 16] [--serve-threads 16]
#                        [--articles A] [--seed S] [--work DIR] [--no-crawl] [--latency-only]
#
# Defaults: --archive /work/serve-bench/archive-1m.sqlite, build/khobao,
# build/khobao-testsite, -n 200 (the searches stop after 60 s, 20 at
# least), wrk for 30 s with 16 connections, a demo site of 3000 articles per
# site (so that the crawl outlasts the window), work folder
# $TMPDIR/khobao-servebench. Needs curl, wrk and python3 (apt-get install -y
# curl wrk python3). About 12 minutes on 2 cores with the defaults and a
# million versions (searches take seconds there), 1.5 without the crawl and wrk
# on 66,000 versions.
#
# The crawl writes into the archive measured: each run adds the demo sites'
# pages it reached (the next run resumes that crawl). Measure a copy if the
# archive must stay as it was.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
archive=/work/serve-bench/archive-1m.sqlite
khobao=$here/build/khobao
testsite=$here/build/khobao-testsite
n=200 search_budget=60 duration=30s connections=16 serve_threads=16 articles=3000 seed=20261127
work=${TMPDIR:-/tmp}/khobao-servebench crawl=1 wrk_too=1
while [ $# -gt 0 ]; do
  case $1 in
    --archive) archive=$2; shift 2 ;;
    --khobao) khobao=$2; shift 2 ;;
    --testsite) testsite=$2; shift 2 ;;
    -n) n=$2; shift 2 ;;
    --search-budget) search_budget=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --serve-threads) serve_threads=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-crawl) crawl=0; shift ;;
    --latency-only) wrk_too=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$archive" ] || { echo "bench_serve: no archive at $archive (bench_archive replicate makes one)" >&2; exit 2; }
[ -x "$khobao" ] || { echo "bench_serve: build khobao first (cmake --build --preset default)" >&2; exit 2; }
[ $crawl = 0 ] || [ -x "$testsite" ] || { echo "bench_serve: no $testsite (or give --no-crawl)" >&2; exit 2; }
for tool in curl python3; do command -v $tool >/dev/null || { echo "bench_serve: needs $tool" >&2; exit 2; }; done
[ $wrk_too = 0 ] || command -v wrk >/dev/null || { echo "bench_serve: needs wrk (or give --latency-only)" >&2; exit 2; }
lua=$here/bench/serve_paths.lua
mkdir -p "$work"
rm -f "$work"/*.lat "$work"/*.wrk "$work"/stop "$work"/crawl-rc "$work"/crawl.pid "$work"/summary.txt
started=$SECONDS

pids=()
cleanup() {
  touch "$work/stop" 2>/dev/null || true
  [ -s "$work/crawl.pid" ] && kill "$(cat "$work/crawl.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_port() {  # file: the port a server wrote there, after at most 30 s
  for _ in $(seq 300); do [ -s "$1" ] && { cat "$1"; return; }; sleep 0.1; done
  echo "bench_serve: no port in $1" >&2; exit 1
}

# Figures of the archive from Python's sqlite3, read-only: fetch rows by id.
query() {
  python3 - "$archive" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(db.execute(sys.argv[2]).fetchone()[0])
EOF
}

# --- the server -----------------------------------------------------------
rm -f "$work/serve.port"
"$khobao" --archive "$archive" --selectors "$here/selectors" serve --listen 127.0.0.1:0 --threads "$serve_threads" --port-file "$work/serve.port" \
  2>"$work/serve.log" &
serve_pid=$!
pids+=("$serve_pid")
port=$(wait_port "$work/serve.port")
base=http://127.0.0.1:$port
versions=$(query "SELECT count(*) FROM version")
pages=$(query "SELECT count(*) FROM page")
echo "== khobao serve on $base: $archive, $pages pages, $versions versions, $(du -h "$archive" | cut -f1)"

# --- the paths asked --------------------------------------------------------
# Lines "kind<TAB>path": search classes, article, home, history, diff. The
# same seed gives the same paths on the same archive.
python3 - "$archive" "$n" "$seed" "$work" <<'EOF'
import random, sqlite3, sys, unicodedata, urllib.parse
path, n, seed, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
db = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
r = random.Random(seed)
max_page = db.execute("SELECT max(id) FROM page").fetchone()[0]
max_version = db.execute("SELECT max(id) FROM version").fetchone()[0]
hosts = [h for (h,) in db.execute("SELECT host FROM site ORDER BY id")]

def fold(s):  # "Thạch Hà" -> "thach ha", as a reader types without diacritics
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()

def words(text):
    return [w.strip(".,:;!?\"'()[]") for w in (text or "").split() if w.strip(".,:;!?\"'()[]")]

def random_version():
    while True:
        row = db.execute("SELECT id, page_id, title, published_at, site FROM version WHERE id >= ? ORDER BY id LIMIT 1",
                         (r.randint(1, max_version),)).fetchone()
        if row and row[2] and len(words(row[2])) >= 3:
            return row

def title_words(k):
    w = words(random_version()[2])
    i = r.randrange(0, len(w) - k + 1)
    return " ".join(w[i:i + k])

def author():
    while True:
        v = random_version()
        a = db.execute("SELECT a.name FROM version_author va JOIN author a ON a.id = va.author_id "
                       "WHERE va.version_id = ? ORDER BY va.position LIMIT 1", (v[0],)).fetchone()
        if a:
            return a[0]

def months():
    v = random_version()
    while not v[3]:
        v = random_version()
    y, m = int(v[3][:4]), int(v[3][5:7])
    span = r.randint(0, 5)
    m2, y2 = m + span, y
    while m2 > 12:
        m2 -= 12; y2 += 1
    return f"{y:04d}-{m:02d}", f"{y2:04d}-{m2:02d}"

def search(**params):
    return "/search?" + urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})

# Searches a reader would type: fixed ones first, then drawn by class.
fixed = [
    ("words, without diacritics", search(q="thach ha")),
    ("words, with diacritics", search(q="Thạch Hà")),
    ("phrase", search(q='"kinh tế"')),
    ("words + site", search(q="ha tinh", site="baohatinh.vn")),
    ("words + sort=newest", search(q="giao duc", sort="newest")),
    ("words + page=2..5", search(q="Thạch Hà", page=3)),
    ("no words: site, newest", search(site="baonghean.vn")),
]
classes = [
    ("words, with diacritics", lambda: search(q=title_words(r.randint(1, 2)))),
    ("words, without diacritics", lambda: search(q=fold(title_words(r.randint(1, 2))))),
    ("phrase", lambda: search(q='"' + title_words(r.randint(2, 3)) + '"')),
    ("words + site", lambda: search(q=fold(title_words(1)), site=r.choice(hosts))),
    ("words + author", lambda: search(q=title_words(1), author=author())),
    ("words + since/until", lambda: (lambda m: search(q=fold(title_words(1)), since=m[0], until=m[1]))(months())),
    ("words + sort=newest", lambda: search(q=title_words(r.randint(1, 2)), sort="newest")),
    ("words + page=2..5", lambda: search(q=fold(title_words(1)), page=r.randint(2, 5))),
]

def draw_searches(count):
    out = []
    while len(out) < count:
        name, make = classes[len(out) % len(classes)]
        out.append((name, make()))
    return out

def article_ids(count):
    ids = []
    while len(ids) < count:
        row = db.execute("SELECT id FROM page WHERE id >= ? AND latest_version_id IS NOT NULL ORDER BY id LIMIT 1",
                         (r.randint(1, max_page),)).fetchone()
        if row:
            ids.append(row[0])
    return ids

def two_version_pages(count):
    ids = []
    for _ in range(count * 20):
        row = db.execute("SELECT page_id FROM version WHERE id >= ? AND number = 2 ORDER BY id LIMIT 1",
                         (r.randint(1, max_version),)).fetchone()
        if row:
            ids.append(row[0])
        if len(ids) == count:
            break
    return ids

def write(name, rows):
    with open(f"{work}/{name}.paths", "w") as f:
        for kind, p in rows:
            f.write(f"{kind}\t{p}\n")

# Latency: one set; warm-up: another (untimed); wrk: a third, larger.
searches = fixed + draw_searches(n - len(fixed))
write("search", [("search: " + k, p) for k, p in searches])
write("warmup", [("warm-up", p) for _, p in draw_searches(5)] +
      [("warm-up", f"/article/{i}") for i in article_ids(30)])
arts = article_ids(n)
write("article", [("article", f"/article/{i}?version=1" if j % 5 == 4 else f"/article/{i}") for j, i in enumerate(arts)])
diffs = two_version_pages(max(10, n // 5))
write("other", [("home /", "/")] * 10 + [("sites /sites", "/sites")] * 2 +
      [("history /article/ID/history", f"/article/{i}/history") for i in article_ids(max(10, n // 5))] +
      [("diff /article/ID/diff", f"/article/{i}/diff?from=1&to=2") for i in diffs])
with open(f"{work}/wrk-search.txt", "w") as f:
    for _, p in draw_searches(1000):
        f.write(p + "\n")
with open(f"{work}/wrk-article.txt", "w") as f:
    for i in article_ids(1000):
        f.write(f"/article/{i}\n")
EOF

# --- measurements -------------------------------------------------------------
# latency LABEL BUDGET FILE...: the paths of each file, one request at a
# time, each on a new connection (Connection: close), timed by curl
# (time_total), ten to a curl process; a file stops early (after its first
# 20 paths at least) once BUDGET seconds have gone on it (0: no limit).
# Appends "kind<TAB>status<TAB>seconds" lines to $work/LABEL.lat. With
# KEEPALIVE=1 the requests share one connection instead, as a browser's do,
# and the kinds are marked "(keep-alive)".
latency() {
  local label=$1 budget=$2; shift 2
  local f t0 done total close=(-H "Connection: close") mark=""
  [ "${KEEPALIVE:-0}" = 1 ] && close=() mark=" (keep-alive)"
  for f in "$@"; do
    t0=$SECONDS done=0 total=$(wc -l <"$f")
    while [ $done -lt $total ]; do
      sed -n "$((done + 1)),$((done + 10))p" "$f" >"$work/chunk.paths"
      cut -f2 "$work/chunk.paths" | sed "s|^|url = \"$base|; s|\$|\"\noutput = \"/dev/null\"|" >"$work/curl.cfg"
      curl -s "${close[@]}" -K "$work/curl.cfg" -w '%{http_code}\t%{time_total}\n' >"$work/curl.out" || true
      paste <(cut -f1 "$work/chunk.paths" | sed "s/\$/$mark/") "$work/curl.out" >>"$work/$label.lat"
      done=$((done + 10))
      if [ "$budget" -gt 0 ] && [ $done -ge 20 ] && [ $((SECONDS - t0)) -ge "$budget" ] && [ $done -lt $total ]; then
        echo "   $(basename "$f" .paths): stopped after $done of $total paths ($((SECONDS - t0)) s, the budget is $budget s)"
        break
      fi
    done
  done
}

# Percentiles per kind: p50 / p95 / max in ms, and the requests that did not answer 200.
report_latency() {  # label title
  python3 - "$work/$1.lat" "$2" <<'EOF'
import collections, math, sys
rows = collections.defaultdict(list)
bad = collections.Counter()
for line in open(sys.argv[1]):
    kind, status, seconds = line.rstrip("\n").split("\t")
    rows[kind].append(float(seconds) * 1000)
    if status != "200":
        bad[kind] += 1
    if kind.startswith("search: "):
        rows["search (all)"].append(float(seconds) * 1000)
        if status != "200":
            bad["search (all)"] += 1
def pct(v, p):
    v = sorted(v)
    return v[max(0, min(len(v) - 1, math.ceil(p * len(v)) - 1))]
print(f"\n{sys.argv[2]}\n")
print("| page | requests | p50 ms | p95 ms | max ms | not 200 |")
print("| --- | --- | --- | --- | --- | --- |")
order = sorted(rows, key=lambda k: (not k.startswith("search (all)"), not k.startswith("search"), k != "article", k))
for k in order:
    v = rows[k]
    print(f"| {k} | {len(v)} | {pct(v, .5):.1f} | {pct(v, .95):.1f} | {max(v):.1f} | {bad[k]} |")
EOF
}

serve_cpu() {  # the server's CPU seconds so far (utime + stime)
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$serve_pid/stat"
}

# wrk_run LABEL LIST [wrk options]: wrk on the paths of LIST; keeps its output in $work/LABEL.wrk.
wrk_run() {
  local label=$1 list=$2 c0 c1
  shift 2
  c0=$(serve_cpu)
  wrk -t2 -c"$connections" -d"$duration" --timeout 60s --latency "$@" -s "$lua" "$base" -- "$list" >"$work/$label.wrk" 2>&1
  c1=$(serve_cpu)
  echo "serve_cpu_s=$(python3 -c "print(round($c1 - $c0, 1))")" >>"$work/$label.wrk"
  grep -E '^serve_paths|^serve_cpu' "$work/$label.wrk" | sed 's/^/   /'
  drain
}

# Waits (2 minutes at most) until the server is idle: wrk leaves requests
# in flight when its time is up, and slow searches would go on running into
# the next measurement.
drain() {
  local a b t0=$SECONDS
  b=$(serve_cpu)
  while [ $((SECONDS - t0)) -lt 120 ]; do
    sleep 1
    a=$b b=$(serve_cpu)
    python3 -c "import sys; sys.exit(0 if $b - $a < 0.05 else 1)" && break
  done
  [ $((SECONDS - t0)) -le 2 ] || echo "   (the server finished the requests wrk left in $((SECONDS - t0)) s)"
}
wrk_figure() {  # label key
  sed -n "s/.*[ ^]$2=\([^ ]*\).*/\1/p; s/^$2=\([^ ]*\)\$/\1/p" "$work/$1.wrk" | head -1
}

measure() {  # label
  echo "-- warm-up ($1): 35 requests, untimed"
  latency warmup 0 "$work/warmup.paths"
  echo "-- latency ($1): $(wc -l <"$work/search.paths") searches, $(wc -l <"$work/article.paths") articles, $(wc -l <"$work/other.paths") others, one at a time"
  local t0=$SECONDS
  latency "$1" "$search_budget" "$work/search.paths"
  latency "$1" 0 "$work/article.paths" "$work/other.paths"
  # The articles again over one kept-alive connection: what a browser's next page waits.
  KEEPALIVE=1 latency "$1" 0 "$work/article.paths"
  echo "   $((SECONDS - t0)) s"
  if [ $wrk_too = 1 ]; then
    echo "-- wrk ($1): search pages, -t2 -c$connections -d$duration"
    wrk_run "$1-search" "$work/wrk-search.txt"
    echo "-- wrk ($1): article pages, -t2 -c$connections -d$duration"
    wrk_run "$1-article" "$work/wrk-article.txt"
    echo "-- wrk ($1): article pages, a new connection for each request (-H 'Connection: close')"
    wrk_run "$1-article-close" "$work/wrk-article.txt" -H "Connection: close"
  fi
}

echo
echo "== idle: nothing else writes to the archive"
measure idle
report_latency idle "Latency, idle ($versions versions; ms, curl time_total, one request at a time)" | tee -a "$work/summary.txt"

# --- the same under a crawl -------------------------------------------------------
if [ $crawl = 1 ]; then
  echo
  echo "== while a crawl writes to the archive"
  rm -f "$work/site.port"
  "$testsite" --port 0 --port-file "$work/site.port" --articles "$articles" >/dev/null 2>"$work/testsite.log" &
  pids+=($!)
  site_port=$(wait_port "$work/site.port")
  hosts=(baohatinh.vn baonghean.vn baothanhhoa.vn baohonglinh.vn)
  routes=() seeds=()
  for h in "${hosts[@]}"; do
    routes+=(--connect-to "$h:80:127.0.0.1:$site_port" --connect-to "www.$h:80:127.0.0.1:$site_port")
    seeds+=(--seed "http://$h/")
  done
  # The crawl, and if it ends before the window does, updates as cron would
  # run them, each an hour later. Only baohonglinh.vn is updated: the other
  # hosts have the synthetic archive's https pages too, which an update would
  # revisit (on the real network).
  crawl_loop() {
    local i=0 later rc
    while [ ! -e "$work/stop" ]; do
      i=$((i + 1))
      if [ $i = 1 ]; then
        "$khobao" --archive "$archive" --selectors "$here/selectors" crawl "${seeds[@]}" "${routes[@]}" --delay 0 \
          --contact https://github.com/khobao/khobao >>"$work/crawl.log" 2>&1 &
      else
        later=$(date -u -d "+$i hours" +%Y-%m-%dT%H:%M:%SZ)
        "$khobao" --archive "$archive" --selectors "$here/selectors" update --site baohonglinh.vn "${routes[@]}" --delay 0 \
          --contact https://github.com/khobao/khobao --now "$later" >>"$work/crawl.log" 2>&1 &
      fi
      echo $! >"$work/crawl.pid"
      rc=0
      wait $! || rc=$?
      echo "$([ $i = 1 ] && echo crawl || echo update): exit $rc$([ -e "$work/stop" ] && echo ", stopped by the bench (SIGTERM)")" >>"$work/crawl-rc"
    done
  }
  runs() {  # "1 × crawl: exit 0; 12 × update: exit 0; ...", in the order they came
    awk '{ if (!($0 in n)) order[++k] = $0; n[$0]++ } END { for (i = 1; i <= k; i++) printf "%s%d × %s", (i > 1 ? "; " : ""), n[order[i]], order[i] }' "$work/crawl-rc"
  }
  fetch0=$(query "SELECT coalesce(max(id), 0) FROM fetch")
  version0=$(query "SELECT coalesce(max(id), 0) FROM version")
  crawl_loop &
  loop_pid=$!
  pids+=("$loop_pid")
  # The window opens when the crawl stores its first fetches.
  for _ in $(seq 300); do
    [ "$(query "SELECT count(*) FROM fetch WHERE id > $fetch0")" -gt 0 ] && break
    sleep 0.1
  done
  window0=$SECONDS
  fetch1=$(query "SELECT coalesce(max(id), 0) FROM fetch")
  measure crawl
  fetch2=$(query "SELECT coalesce(max(id), 0) FROM fetch")
  window=$((SECONDS - window0))
  touch "$work/stop"
  kill -TERM "$(cat "$work/crawl.pid")" 2>/dev/null || true
  wait "$loop_pid" || true
  stored=$((fetch2 - fetch1))
  new_versions=$(query "SELECT count(*) FROM version WHERE id > $version0")
  all_fetches=$(query "SELECT count(*) FROM fetch WHERE id > $fetch0")
  errors=$(query "SELECT count(*) FROM fetch WHERE id > $fetch0 AND outcome = 'error'")
  echo "-- crawl: $stored fetches stored during the ${window} s window ($(python3 -c "print(round($stored / max(1, $window), 1))")/s);" \
    "$all_fetches in all ($errors errors), $new_versions new versions; runs: $(runs)"
  report_latency crawl "Latency during the crawl ($stored fetches stored in the ${window} s window; ms)" | tee -a "$work/summary.txt"
fi

# --- summary ----------------------------------------------------------------------
{
  echo
  echo "Throughput (wrk -t2 -c$connections -d$duration, bench/serve_paths.lua; khobao serve --threads $serve_threads)"
  echo
  echo "| pages | connections | state | requests/s | p50 ms | p95 ms | p99 ms | max ms | not 2xx | socket errors | serve CPU s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for state in idle crawl; do
    for kind in search article article-close; do
      f=$state-$kind
      [ -f "$work/$f.wrk" ] || continue
      echo "| ${kind%-close} | $([ "$kind" = article-close ] && echo "new for each request" || echo "kept alive") | $state | $(wrk_figure $f rps) | $(wrk_figure $f p50_ms) | $(wrk_figure $f p95_ms) | $(wrk_figure $f p99_ms) |" \
        "$(wrk_figure $f max_ms) | $(wrk_figure $f non2xx) | $(wrk_figure $f socket_errors) | $(wrk_figure $f serve_cpu_s) |"
    done
  done
  if [ $crawl = 1 ]; then
    echo
    echo "Crawl during the window: $stored fetches stored in ${window} s; all its runs: $(runs)"
  fi
  echo
  echo "Archive: $archive ($pages pages, $versions versions before the crawl); serve RSS at the end" \
    "$(awk '/VmRSS/ { print $2 / 1024 " MB" }' "/proc/$serve_pid/status"); $((SECONDS - started)) s in all."
} | tee -a "$work/summary.txt"
echo
echo "== summary"
cat "$work/summary.txt"
