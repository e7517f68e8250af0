#!/usr/bin/env bash
# khobao crawl against Scrapy 2.8 on the same generated news site, in one run:
# the site of ../shared/bench/crawl/gen-site.py (real page templates) served
# by nginx on loopback, crawled by khobao under its real host name through
# --connect-to, and by Scrapy's spider of ../shared/bench/crawl/ (follows
# listings, extracts title, lead, body, authors, related; JSON Lines).
# Prints pages/s, CPU ms/page, peak RSS and, for khobao, where the CPU went
# and how its records compare with the site's truth.jsonl.
#
#   bench/crawl_bench.sh [-n ARTICLES] [-p PORT] [-w WORKDIR] [--no-scrapy] [--concurrency N]
#
# Needs: nginx-light python3-scrapy time bc (apt-get install -y nginx-light python3-scrapy time bc);
# Scrapy is Debian's /usr/bin/scrapy, as in ../shared/bench/crawl/run-baselines.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${KHOBAO_SHARED:-$here/../shared}/bench/crawl
n=2000 port=8089 work=${TMPDIR:-/tmp}/khobao-crawlbench scrapy=1 concurrency=16
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=$2; shift 2 ;;
    -p) port=$2; shift 2 ;;
    -w) work=$2; shift 2 ;;
    --no-scrapy) scrapy=0; shift ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -d "$shared" ] || { echo "crawl_bench: $shared not found (set KHOBAO_SHARED)" >&2; exit 2; }
khobao=$here/build/khobao
[ -x "$khobao" ] || { echo "crawl_bench: build khobao first (cmake --build --preset default)" >&2; exit 2; }
host=baohonglam.vn
site=$work/site-$n
out=$work/results-$n
mkdir -p "$work" "$out"

if [ ! -f "$site/_bench/truth.jsonl" ]; then
  echo "== generating $n articles into $site"
  python3 "$shared/gen-site.py" "$site" --articles "$n" --base-url "http://$host"
fi
"$shared/stop.sh" "$port" >/dev/null 2>&1 || true
"$shared/serve.sh" "$site" "$port" >/dev/null
trap '"$shared/stop.sh" "$port" >/dev/null 2>&1 || true' EXIT
log=${CRAWLBENCH_RUN:-/tmp/crawlbench-nginx-$port}/access.log
# HTML pages served 200 since line $1 of nginx's access log: each crawler's
# pages counted the same way (robots.txt, feeds and sitemaps left out).
pages_since() { tail -n +"$(($1 + 1))" "$log" | awk '$2 == 200 && $6 !~ /robots.txt|sitemap|\/rss/' | wc -l; }
lines() { wc -l <"$log"; }

measure() {  # name command...: runs it under /usr/bin/time -v, keeps its figures
  local name=$1; shift
  /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" || {
    echo "$name failed; see $out/$name.err" >&2; tail -5 "$out/$name.err" >&2; return 1; }
}
figure() { grep "$2" "$out/$1.time" | awk -F': ' '{print $2}'; }
report() {  # name pages
  local wall cpu rss
  wall=$(figure "$1" "Elapsed (wall clock)" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(echo "$(figure "$1" "User time") + $(figure "$1" "System time")" | bc -l)
  rss=$(figure "$1" "Maximum resident set size")
  printf "%-8s %6d pages  %7.1f s  %7.1f pages/s  %6.2f CPU ms/page  %6.0f MB peak RSS\n" \
    "$1" "$2" "$wall" "$(echo "$2 / $wall" | bc -l)" "$(echo "1000 * $cpu / $2" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

echo "== khobao crawl ($n articles, concurrency $concurrency, no delay)"
rm -f "$out"/khobao.sqlite*
start=$(lines)
measure khobao "$khobao" --archive "$out/khobao.sqlite" --log-level info crawl --seed "http://$host/" \
  --connect-to "$host:80:127.0.0.1:$port" --delay 0 --concurrency "$concurrency" --contact https://github.com/khobao/khobao
khobao_pages=$(pages_since "$start")
grep -o "crawl 1:.*" "$out/khobao.err" | tail -1

if [ "$scrapy" = 1 ]; then
  echo "== scrapy runspider ($n articles)"
  start=$(lines)
  (cd "$out" && measure scrapy /usr/bin/scrapy runspider "$shared/scrapy_spider.py" -a "start=http://127.0.0.1:$port/" \
    -O "$out/scrapy.jsonl" -s LOG_LEVEL=WARNING)
  scrapy_pages=$(pages_since "$start")
fi

echo
echo "== results ($n articles; the site has $(find "$site/" \( -name '*.htm' -o -name '*.html' \) | wc -l) HTML pages)"
report khobao "$khobao_pages"
[ "$scrapy" = 1 ] && report scrapy "$scrapy_pages" && echo "(scrapy wrote $(wc -l <"$out/scrapy.jsonl") articles)"
echo
echo "== khobao's records against truth.jsonl"
"$khobao" --archive "$out/khobao.sqlite" export --format jsonl -o "$out/khobao.jsonl" 2>/dev/null
python3 "$here/bench/crawl_truth.py" "$site/_bench/truth.jsonl" "$out/khobao.jsonl"
