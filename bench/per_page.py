#!/usr/bin/env python3
"""Per-page precision/recall of kept predictions (evaluate.py --keep-preds DIR),
worst first: the error analysis that issue 3 asks for.

  python3 bench/per_page.py ../shared/eval/scrapinghub-dev /tmp/preds/scrapinghub-dev [N]
"""
import json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'shared' / 'eval'))
import score  # noqa: E402

gt_dir, pred_dir = Path(sys.argv[1]) / 'ground-truth', Path(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
rows = []
for g in sorted(gt_dir.glob('*.json')):
    gt = json.loads(g.read_text(encoding='utf-8'))
    want = gt.get('articleBody') or '\n\n'.join(x for x in (gt.get('lead'), gt.get('body')) if x)
    p = json.loads((pred_dir / g.name).read_text(encoding='utf-8'))
    got = '\n\n'.join(x for x in (p.get('lead'), p.get('body')) if x)
    tp, fp, fn = score.string_shingle_matching(want, got)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    rows.append((min(prec, rec), prec, rec, g.stem, len(want), len(got)))
rows.sort()
for r in rows[:n]:
    print(f"{r[3][:20]:20} P={r[1]:.2f} R={r[2]:.2f} gt_chars={r[4]} pred_chars={r[5]}")
