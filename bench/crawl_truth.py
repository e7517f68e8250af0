#!/usr/bin/env python3
"""khobao's exported records (JSON Lines) against the generated site's truth.jsonl.

  crawl_truth.py TRUTH.jsonl KHOBAO.jsonl

Prints how many truth articles khobao archived, and for how many of them the title,
lead, body (exact, and word F1), authors and related links came out right.
"""
import json
import sys
from collections import Counter
from urllib.parse import urlsplit


def words(s):
    return (s or "").split()


def f1(pred, gold):
    p, g = Counter(words(pred)), Counter(words(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def main(truth_path, khobao_path):
    truth = [json.loads(line) for line in open(truth_path, encoding="utf-8")]
    records = {}
    for line in open(khobao_path, encoding="utf-8"):
        r = json.loads(line)
        records[urlsplit(r["url"]).path] = r  # the latest version of each page
    found = ok_title = ok_lead = ok_body = ok_authors = ok_related = 0
    body_f1 = []
    for t in truth:
        r = records.get(t["url"])
        if not r:
            continue
        found += 1
        gold_body = "\n\n".join(t["body"])
        ok_title += r["title"] == t["title"]
        ok_lead += (r["lead"] or "") == t["lead"]
        ok_body += r["body"] == gold_body
        body_f1.append(f1(r["body"], gold_body))
        gold_authors = [a.strip() for a in t["author"].split(" - ")] if t.get("author") else []
        ok_authors += r["authors"] == gold_authors
        ok_related += sorted(urlsplit(x["url"]).path for x in r["related"]) == sorted(t["related"])
    n = len(truth)
    print(f"articles archived {found}/{n}; of those right: title {ok_title}, lead {ok_lead}, "
          f"body exact {ok_body} (mean word F1 {sum(body_f1) / max(1, len(body_f1)):.3f}), "
          f"authors {ok_authors}, related {ok_related}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
