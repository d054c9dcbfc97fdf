#!/usr/bin/env python3
"""The peer side of `corroborate bench clustering`: the usual Python tools on the same documents.

Reads JSON Lines records {set, id, title, text, date} from --docs (the bench writes them in the
order it pushes them into its own clusterer), then, for each set, on this one thread and for
--rounds rounds:

- near-duplicates: datasketch MinHash (128 permutations) over lower-cased word 5-shingles, and a
  MinHashLSH index at threshold 0.8; each document queries the index, then joins it;
- stories: the plain streaming TF-IDF baseline. Each document is hashed with scikit-learn's
  HashingVectorizer (English stop words dropped), weighed by (1 + ln tf) x smoothed idf from the
  document frequencies seen so far, and compared by cosine with the centroid of every live
  cluster (a scipy sparse matrix of the centroids, see StreamingTfidf). It joins the most
  similar cluster at cosine >= --threshold, or starts one. Clusters with no document for 7 days
  (by the documents' dates, when they have any) are let go.

Only the per-document work is timed (wall time, and the process's CPU time beside it): Python's start-up, the imports and the reading of the file
are not. The median round gives documents/s. The first round's duplicate pairs (as indices into
the set) and story labels are returned for the bench to score.

Progress goes to standard error; the last line of standard output is one JSON object.

    python scripts/peer_clustering.py --docs docs.jsonl --rounds 3

Run it with the python of the venv that `scripts/peer-venv.sh clustering` prints.
"""

import argparse
import datetime
import importlib.metadata
import json
import math
import re
import resource
import statistics
import sys
import time
from collections import defaultdict

WORD = re.compile(r"\w+")
SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.8
N_FEATURES = 2**20
WINDOW_SECONDS = 7 * 86400
SWEEP_EVERY = 512


def shingles(text):
    """Lower-cased word 5-shingles as bytes; a text of 1-4 words is one shingle, none gives none."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return []
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return list(
        {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - 4)}
    )


def near_duplicates(docs, MinHash, MinHashLSH):
    """Streams the documents through MinHash LSH; returns the candidate pairs (i, j), i < j."""
    template = MinHash(num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs = []
    for index, doc in enumerate(docs):
        doc_shingles = shingles(doc["text"])
        if not doc_shingles:
            continue
        minhash = MinHash(
            num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme
        )
        minhash.update_batch(doc_shingles)
        for other in lsh.query(minhash):
            pairs.append((other, index))
        lsh.insert(index, minhash, check_duplication=False)
    return pairs


def parse_time(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class StreamingTfidf:
    """Streaming TF-IDF clustering against centroids (sums of member unit vectors).

    The dot products of a document with every live centroid come from a sparse term x cluster
    matrix of the centroids (rebuilt every 512 documents, when stale clusters are let go) plus
    a small inverted index of what was added since; the cosine divides by each centroid's
    norm, kept exact. This gives the same scores as comparing with each centroid in turn, in a
    fraction of the time.
    """

    def __init__(self, vectorizer, threshold, numpy, sparse):
        self.vectorizer = vectorizer
        self.threshold = threshold
        self.numpy = numpy
        self.sparse = sparse
        self.document_frequency = numpy.zeros(N_FEATURES, dtype=numpy.int64)
        self.documents = 0
        # Per cluster id: its summed weights by term (None once let go), its last time.
        self.sums = []
        self.last = []
        self.norm_sq = numpy.zeros(1024)
        self.alive = numpy.zeros(1024, dtype=bool)
        # The centroids as of the last rebuild, and what was added since: term -> {cluster: w}.
        self.main = None
        self.main_ids = numpy.zeros(0, dtype=numpy.int64)
        self.delta = defaultdict(dict)
        self.clock = None

    def push(self, title, text, timestamp):
        numpy = self.numpy
        row = self.vectorizer.transform([title + "\n" + text])
        terms = row.indices
        counts = row.data
        self.documents += 1
        self.document_frequency[terms] += 1
        if timestamp is not None:
            self.clock = timestamp if self.clock is None else max(self.clock, timestamp)
        n = self.documents
        df = self.document_frequency[terms]
        weights = (1.0 + numpy.log(counts)) * (numpy.log((n + 1.0) / (df + 1.0)) + 1.0)
        norm = math.sqrt(float((weights * weights).sum()))
        if norm > 0:
            weights = weights / norm

        clusters = len(self.sums)
        dots = numpy.zeros(clusters)
        if self.main is not None and len(terms) and len(self.main_ids):
            dots[self.main_ids] += self.main[terms].T @ weights
        pairs = list(zip(terms.tolist(), weights.tolist()))
        delta = self.delta
        for term, weight in pairs:
            posting = delta.get(term)
            if posting:
                for cluster, value in posting.items():
                    dots[cluster] += weight * value
        best = None
        if clusters:
            norms = numpy.sqrt(self.norm_sq[:clusters])
            live = self.alive[:clusters] & (norms > 0)
            scores = numpy.where(live, dots / numpy.where(live, norms, 1.0), -1.0)
            candidate = int(numpy.argmax(scores))
            if scores[candidate] >= self.threshold:
                best = candidate
        if best is None:
            best = clusters
            self.sums.append({})
            self.last.append(timestamp)
            if best >= len(self.norm_sq):
                self.norm_sq = numpy.concatenate([self.norm_sq, numpy.zeros(len(self.norm_sq))])
                self.alive = numpy.concatenate([self.alive, numpy.zeros(len(self.alive), bool)])
            self.alive[best] = True
            dot = 0.0
        else:
            dot = float(dots[best])
        # |c + x|^2 = |c|^2 + 2 c.x + |x|^2, with |x| = 1.
        self.norm_sq[best] = max(self.norm_sq[best] + 2.0 * dot + (1.0 if norm > 0 else 0.0), 0.0)
        if timestamp is not None:
            self.last[best] = timestamp
        sums = self.sums[best]
        for term, weight in pairs:
            sums[term] = sums.get(term, 0.0) + weight
            posting = delta[term]
            posting[best] = posting.get(best, 0.0) + weight
        return best

    def rebuild(self):
        """Lets go of the clusters with no document in the last 7 days (by the documents'
        dates), then rebuilds the centroid matrix from the rest."""
        if self.clock is not None:
            cutoff = self.clock - WINDOW_SECONDS
            for cluster, last in enumerate(self.last):
                if self.alive[cluster] and last is not None and last < cutoff:
                    self.alive[cluster] = False
                    self.sums[cluster] = None
        ids = [c for c in range(len(self.sums)) if self.alive[c]]
        rows, cols, data = [], [], []
        for column, cluster in enumerate(ids):
            sums = self.sums[cluster]
            rows.extend(sums.keys())
            data.extend(sums.values())
            cols.extend([column] * len(sums))
        self.main = self.sparse.csr_matrix(
            (data, (rows, cols)), shape=(N_FEATURES, len(ids)), dtype=self.numpy.float64
        )
        self.main_ids = self.numpy.asarray(ids, dtype=self.numpy.int64)
        self.delta = defaultdict(dict)


def stories(docs, threshold, HashingVectorizer, numpy, sparse):
    vectorizer = HashingVectorizer(
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        stop_words="english",
        lowercase=True,
    )
    clusterer = StreamingTfidf(vectorizer, threshold, numpy, sparse)
    labels = []
    for index, doc in enumerate(docs):
        labels.append(clusterer.push(doc["title"], doc["text"], doc["timestamp"]))
        if (index + 1) % SWEEP_EVERY == 0:
            clusterer.rebuild()
    return labels


def measure(name, docs, rounds, threshold, modules):
    MinHash, MinHashLSH, HashingVectorizer, numpy, sparse = modules
    dup_seconds, story_seconds, cpu_seconds = [], [], []
    pairs, labels = None, None
    for round_index in range(rounds):
        print(f"peer {name}: round {round_index + 1}/{rounds}", file=sys.stderr)
        start = time.perf_counter()
        cpu_start = time.process_time()
        round_pairs = near_duplicates(docs, MinHash, MinHashLSH)
        middle = time.perf_counter()
        round_labels = stories(docs, threshold, HashingVectorizer, numpy, sparse)
        end = time.perf_counter()
        cpu_seconds.append(time.process_time() - cpu_start)
        dup_seconds.append(middle - start)
        story_seconds.append(end - middle)
        if round_index == 0:
            pairs, labels = round_pairs, round_labels
    megabytes = sum(len(d["title"].encode()) + len(d["text"].encode()) for d in docs) / 1e6
    totals = [a + b for a, b in zip(dup_seconds, story_seconds)]
    seconds = statistics.median(totals)

    def rate(count, secs):
        return count / max(secs, 1e-9)

    return {
        "name": name,
        "docs": len(docs),
        "megabytes": megabytes,
        "rounds": rounds,
        "seconds_median": seconds,
        "docs_per_s": rate(len(docs), seconds),
        "mb_per_s": rate(megabytes, seconds),
        "cpu_seconds_median": statistics.median(cpu_seconds),
        "cpu_docs_per_s": rate(len(docs), statistics.median(cpu_seconds)),
        "dup_docs_per_s": rate(len(docs), statistics.median(dup_seconds)),
        "story_docs_per_s": rate(len(docs), statistics.median(story_seconds)),
        "stories": len(set(labels)),
        "pairs": [list(p) for p in pairs],
        "labels": labels,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", required=True, help="JSON Lines file of {set, id, title, text}")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (median is kept)")
    parser.add_argument(
        "--threshold", type=float, default=0.3, help="cosine needed to join a cluster"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    import numpy
    import scipy.sparse as sparse
    from datasketch import MinHash, MinHashLSH
    from sklearn.feature_extraction.text import HashingVectorizer

    sets = {}
    with open(args.docs, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            sets.setdefault(record.get("set") or "", []).append(
                {
                    "title": record.get("title") or "",
                    "text": record.get("text") or "",
                    "timestamp": parse_time(record.get("date")),
                }
            )
    modules = (MinHash, MinHashLSH, HashingVectorizer, numpy, sparse)
    reports = [
        measure(name, docs, args.rounds, args.threshold, modules) for name, docs in sets.items()
    ]
    figures = {
        "peer": "scikit-learn + datasketch",
        "sklearn_version": importlib.metadata.version("scikit-learn"),
        "datasketch_version": importlib.metadata.version("datasketch"),
        "threshold": args.threshold,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,
        "sets": reports,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
