#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install, build, start the demo
# news sites on loopback (khobao-testsite: baohatinh.vn in both of its CMS
# generations, baonghean.vn, baothanhhoa.vn and baohonglinh.vn, a site with no
# selector file), crawl them under their real host names into the default
# archive (archive/khobao.sqlite), then look at what was archived: sites,
# counts, the newest articles, a search without diacritics, one article and
# its history. Last, `khobao update` as cron would run it two hours later:
# every article is revisited with its ETag and answers 304.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target khobao khobao-testsite
khobao=build/khobao
mkdir -p archive

# The demo sites, on a port the OS picks; stopped when this script ends.
port_file=$(mktemp)
build/khobao-testsite --port 0 --port-file "$port_file" >/dev/null &
site_pid=$!
trap 'kill $site_pid 2>/dev/null || true; rm -f "$port_file"' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
[ -n "$port" ] || { echo "demo: the demo site did not start" >&2; exit 1; }

# Real host names, routed to loopback: the archive holds exactly the URLs
# that a crawl of the real sites would.
hosts=(baohatinh.vn baonghean.vn baothanhhoa.vn baohonglinh.vn)
routes=() seeds=()
for h in "${hosts[@]}"; do
  routes+=(--connect-to "$h:80:127.0.0.1:$port" --connect-to "www.$h:80:127.0.0.1:$port")
  seeds+=(--seed "http://$h/")
done

echo
echo "== khobao crawl --seed http://baohatinh.vn/ ... --connect-to baohatinh.vn:80:127.0.0.1:$port ... --delay 0"
$khobao crawl "${seeds[@]}" "${routes[@]}" --delay 0 --contact https://github.com/khobao/khobao
echo
echo "== khobao sites"
$khobao sites
echo
echo "== khobao stats"
$khobao stats
echo
echo "== the newest articles: khobao search --sort newest --limit 5 'ha tinh'"
$khobao search --sort newest --limit 5 'ha tinh'
echo
echo "== khobao search --limit 3 'thach ha'   (no diacritics)"
$khobao search --limit 3 'thach ha'
article=$($khobao search --json --limit 1 'thach ha' | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["url"])')
echo
echo "== khobao show $article"
$khobao show "$article"
echo
echo "== khobao history --fetches $article"
$khobao history --fetches "$article"
echo
later=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
echo "== khobao update --now $later   (what cron runs hourly; the clock moved two hours on)"
$khobao update "${routes[@]}" --delay 0 --contact https://github.com/khobao/khobao --now "$later"
echo
echo "== khobao sites"
$khobao sites
echo
echo "== khobao serve   (the web UI; here for a moment on a free port, asked by a script)"
serve_port_file=$(mktemp)
$khobao serve --listen 127.0.0.1:0 --port-file "$serve_port_file" &
serve_pid=$!
trap 'kill $site_pid $serve_pid 2>/dev/null || true; rm -f "$port_file" "$serve_port_file"' EXIT
for _ in $(seq 100); do [ -s "$serve_port_file" ] && break; sleep 0.1; done
python3 - "$(cat "$serve_port_file")" "$article" <<'PY'
import json, re, sys, urllib.parse, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.status, r.read().decode()
status, home = get("/")
print(f"GET /                   {status}  {re.search('<title>(.*?)</title>', home).group(1)}")
status, body = get("/search?q=" + urllib.parse.quote("thach ha"))
results = body.count('<li class="hit">')
print(f"GET /search?q=thach+ha  {status}  {results} results on the first page")
hits = json.loads(get("/api/search?q=" + urllib.parse.quote("thach ha"))[1])
status, page = get(f"/article/{hits[0]['page_id']}")
print(f"GET /article/{hits[0]['page_id']}         {status}  {re.search('<h1>(.*?)</h1>', page).group(1)}")
PY
kill $serve_pid
wait $serve_pid || true
echo
echo "Browse the archive: build/khobao serve, then open http://127.0.0.1:8080/"
