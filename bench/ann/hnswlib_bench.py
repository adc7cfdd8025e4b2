#!/usr/bin/python3
"""hnswlib-python extra for bench/ann: Debian's python3-hnswlib, whose
binary is built for generic x86-64 (no AVX/FMA), so it is shown only for
comparison with the native build in native/annbench.cc, which is the
reference. Reads the .fvecs/.ivecs files the Go side wrote, builds an
hnswlib index (M=16, efConstruction=200, space "cosine", which normalises
the vectors and uses inner product, or "l2") and prints one JSON object per
line: the build, then one per efSearch value, queried from a single thread
in one batched knn_query call (no per-query Python overhead), and last the
process's peak RSS (VmHWM)."""
import json
import sys
import time

import hnswlib
import numpy as np

NAME = "hnswlib-python (Debian, generic x86-64)"
WARMUP = 100  # queries before the timed call, as for every contender


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        sys.exit(f"hnswlib_bench: {path} is empty")
    dim = int(raw[0])
    rows = raw.reshape(-1, dim + 1)
    if not (rows[:, 0] == dim).all():
        sys.exit(f"hnswlib_bench: {path}: rows of different dimensions")
    return np.ascontiguousarray(rows[:, 1:]).view(dtype)


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    if len(sys.argv) < 6:
        sys.exit("usage: hnswlib_bench.py DIR SPACE THREADS K EF[,EF...]")
    d, space, threads, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    efs = [int(x) for x in sys.argv[5].split(",")]
    train = read_vecs(f"{d}/train.fvecs", np.float32)
    queries = read_vecs(f"{d}/queries.fvecs", np.float32)
    gt = read_vecs(f"{d}/gt.ivecs", np.int32)[:, :k]
    n, dim = train.shape

    t0 = time.perf_counter()
    index = hnswlib.Index(space=space, dim=dim)
    index.init_index(max_elements=n, ef_construction=200, M=16, random_seed=100)
    index.add_items(train, np.arange(n), num_threads=threads)
    build = time.perf_counter() - t0
    print(json.dumps({"contender": NAME, "params": "M=16 efC=200", "build": True, "build_s": build,
                      "mem_mb": peak_rss_mb(), "threads": threads}), flush=True)

    index.set_num_threads(1)
    for ef in efs:
        index.set_ef(max(ef, k))
        index.knn_query(queries[:WARMUP], k=k)
        t0 = time.perf_counter()
        labels, _ = index.knn_query(queries, k=k)
        dt = time.perf_counter() - t0
        # Distinct returned ids in the exact top k, like the other contenders.
        hits = sum(len(set(labels[i]) & set(gt[i])) for i in range(len(queries)))
        print(json.dumps({"contender": NAME, "params": f"ef={ef}", "recall": hits / (k * len(queries)),
                          "qps": len(queries) / dt, "threads": 1}), flush=True)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}), flush=True)


if __name__ == "__main__":
    main()
