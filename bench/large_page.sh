#!/usr/bin/env bash
# Peak memory and time of `khobao extract` on one generated 50 MB article page
# (new-CMS baohatinh.vn markup, a body of ~500,000 paragraphs). Prints figures.
#   bench/large_page.sh [build/khobao] [MB]
set -euo pipefail
khobao=${1:-build/khobao}
mb=${2:-50}
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
python3 - "$page" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, 'w', encoding='utf-8') as f:
    f.write('<html lang=vi><head><meta charset=utf-8><title>Trang lớn</title>'
            '<link rel=canonical href="https://baohatinh.vn/trang-lon-post1.html"></head><body>'
            '<h1 class="article__title cms-title">Trang rất lớn</h1>'
            '<div class="article__body zce-content-body cms-body">')
    size, i = 0, 0
    while size < mb << 20:
        p = f'<p>Đoạn {i}: người dân Hà Tĩnh chuẩn bị vụ đông xuân, kiểm tra kênh mương và giống lúa.</p>\n'
        f.write(p); size += len(p.encode()); i += 1
    f.write('</div></body></html>')
PY
echo "page: $(du -m "$page" | cut -f1) MB"
/usr/bin/time -f "wall %e s, user %U s, peak RSS %M KB" "$khobao" extract --json "$page" > /dev/null
