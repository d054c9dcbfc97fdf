#!/usr/bin/env python3
"""The peer side of `corroborate bench extraction`: trafilatura on the same pages.

Reads every set below --data (a folder holding `ground-truth.json` and `html/<id>.html.gz`),
decompresses the pages into memory, then extracts every page on this one thread for --rounds
rounds, in trafilatura's default mode and then in its fast mode. Only the extraction calls are
timed: Python's start-up, the imports and the loading of the pages are not. The median round
gives pages/s and MB/s of uncompressed HTML. F1 is the token-shingle metric of the sets' README,
computed from the first round's output.

Progress goes to standard error; the last line of standard output is one JSON object.

    python scripts/peer_extraction.py --data ../shared/data/extraction --rounds 3

Run it with the python of the venv that scripts/peer-venv.sh prints.
"""

import argparse
import gzip
import json
import os
import re
import resource
import statistics
import sys
import time
from collections import Counter

WORD = re.compile(r"\w+")


def shingles(text):
    """Runs of 4 consecutive \\w+ tokens (case kept) as a multiset; 1-3 tokens give one shingle
    of all of them, no token gives none."""
    tokens = WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def score_page(truth, predicted):
    """(precision, recall) of one page; None where the prediction or the truth has no shingle."""
    true_shingles = shingles(truth)
    predicted_shingles = shingles(predicted)
    tp = sum(min(n, true_shingles[s]) for s, n in predicted_shingles.items())
    predicted_total = sum(predicted_shingles.values())
    true_total = sum(true_shingles.values())
    precision = tp / predicted_total if predicted_total else None
    recall = tp / true_total if true_total else None
    return precision, recall


def score_set(scores):
    """Mean precision over pages with a prediction, mean recall over pages with a truth, and F1
    of the two means."""

    def mean(values):
        return sum(values) / len(values) if values else 0.0

    precision = mean([p for p, _ in scores if p is not None])
    recall = mean([r for _, r in scores if r is not None])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def find_sets(data):
    """Every folder below `data` holding ground-truth.json and html/, in path order (the order
    of the Rust side's walk sorted by file name)."""
    roots = []
    for root, dirs, files in os.walk(data, followlinks=True):
        dirs.sort()
        if "ground-truth.json" in files and os.path.isdir(os.path.join(root, "html")):
            roots.append(root)
    if not roots:
        sys.exit(f"no development set found below {data}: expected ground-truth.json and html/")
    return [load_set(root) for root in roots]


def load_set(root):
    with open(os.path.join(root, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        gz = os.path.join(root, "html", f"{page_id}.html.gz")
        plain = os.path.join(root, "html", f"{page_id}.html")
        if os.path.isfile(gz):
            with gzip.open(gz, "rb") as f:
                html = f.read()
        elif os.path.isfile(plain):
            with open(plain, "rb") as f:
                html = f.read()
        else:
            continue
        pages.append(
            {
                "id": page_id,
                "url": entry.get("url") or None,
                "truth": entry.get("articleBody") or "",
                "html": html,
            }
        )
    name = os.path.basename(os.path.normpath(root))
    return {"name": name, "pages": pages, "bytes": sum(len(p["html"]) for p in pages)}


def run_round(sets, extract, fast, keep):
    """Extracts every page once; returns each set's seconds and, if `keep`, the texts."""
    seconds = []
    texts = []
    for data_set in sets:
        elapsed = 0.0
        set_texts = []
        for page in data_set["pages"]:
            start = time.perf_counter()
            text = extract(
                page["html"],
                url=page["url"],
                include_comments=False,
                include_tables=True,
                favor_precision=False,
                fast=fast,
            )
            elapsed += time.perf_counter() - start
            if keep:
                set_texts.append(text or "")
        seconds.append(elapsed)
        texts.append(set_texts)
    return seconds, texts


def measure(sets, extract, fast, rounds):
    """Median seconds per set over the rounds, and the first round's texts."""
    per_round = []
    first_texts = None
    for round_index in range(rounds):
        mode = "fast" if fast else "default"
        print(f"trafilatura {mode} mode: round {round_index + 1}/{rounds}", file=sys.stderr)
        seconds, texts = run_round(sets, extract, fast, keep=round_index == 0)
        per_round.append(seconds)
        if round_index == 0:
            first_texts = texts
    set_medians = [statistics.median(r[i] for r in per_round) for i in range(len(sets))]
    total_median = statistics.median(sum(r) for r in per_round)
    return set_medians, total_median, first_texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="folder holding one or more sets")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median is kept)")
    parser.add_argument("--no-fast", action="store_true", help="skip the fast-mode figures")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    import trafilatura

    sets = find_sets(args.data)
    default_sets, default_total, default_texts = measure(
        sets, trafilatura.extract, False, args.rounds
    )
    if args.no_fast:
        fast_sets, fast_total, fast_texts = [None] * len(sets), None, None
    else:
        fast_sets, fast_total, fast_texts = measure(sets, trafilatura.extract, True, args.rounds)

    def rate(count, seconds):
        return count / max(seconds, 1e-9) if seconds is not None else None

    reports = []
    all_default, all_fast = [], []
    for i, data_set in enumerate(sets):
        pages = data_set["pages"]
        default_scores = [score_page(p["truth"], t) for p, t in zip(pages, default_texts[i])]
        all_default += default_scores
        report = {
            "name": data_set["name"],
            "pages": len(pages),
            "megabytes": data_set["bytes"] / 1e6,
            "seconds_median": default_sets[i],
            "pages_per_s": rate(len(pages), default_sets[i]),
            "mb_per_s": rate(data_set["bytes"] / 1e6, default_sets[i]),
            "fast_pages_per_s": rate(len(pages), fast_sets[i]),
            "fast_mb_per_s": rate(data_set["bytes"] / 1e6, fast_sets[i]),
            **score_set(default_scores),
            "fast_f1": None,
        }
        if fast_texts is not None:
            fast_scores = [score_page(p["truth"], t) for p, t in zip(pages, fast_texts[i])]
            all_fast += fast_scores
            report["fast_f1"] = score_set(fast_scores)["f1"]
        reports.append(report)

    pages = sum(len(s["pages"]) for s in sets)
    megabytes = sum(s["bytes"] for s in sets) / 1e6
    overall = score_set(all_default)
    figures = {
        "peer": "trafilatura",
        "version": trafilatura.__version__,
        "rounds": args.rounds,
        "pages": pages,
        "megabytes": megabytes,
        "seconds_median": default_total,
        "pages_per_s": rate(pages, default_total),
        "mb_per_s": rate(megabytes, default_total),
        "fast_pages_per_s": rate(pages, fast_total),
        "fast_mb_per_s": rate(megabytes, fast_total),
        "f1": overall["f1"],
        "precision": overall["precision"],
        "recall": overall["recall"],
        "fast_f1": score_set(all_fast)["f1"] if fast_texts is not None else None,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,
        "sets": reports,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
