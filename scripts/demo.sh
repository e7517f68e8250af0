#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install, build, bring the bundled
# baohatinh.vn, baonghean.vn and baothanhhoa.vn pages into the default archive
# (archive/khobao.sqlite), then look at what it archived: counts, a search
# without diacritics, one article, its history. Running it again imports the
# same pages as unchanged fetches: no new versions.
# (Once the crawler lands, the import becomes a crawl of the demo site.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target khobao
khobao=build/khobao
article=https://baohatinh.vn/xa-hoi/thach-ha-doi-moi-phuong-thuc-lanh-dao-khoi-day-suc-manh-tong-hop/158230.htm
echo
echo "== khobao import tests/fixtures/sites/*/*.html   (into archive/khobao.sqlite; URLs from their canonical links)"
$khobao import tests/fixtures/sites/*/*.html
echo
echo "== khobao stats"
$khobao stats
echo
echo "== khobao sites"
$khobao sites
echo
echo "== khobao search --limit 3 'thach ha'   (no diacritics)"
$khobao search --limit 3 'thach ha'
echo "== khobao show $article"
$khobao show "$article"
echo
echo "== khobao history --fetches $article"
$khobao history --fetches "$article"
