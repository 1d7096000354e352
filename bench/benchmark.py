"""Benchmark: this project's search against naive rank-bm25 and SQLite FTS5, on synthetic
archives resampled from the real corpus. Prints numbers; asserts nothing.

    .venv/bin/python bench/benchmark.py                  # 10k and 100k paragraphs
    .venv/bin/python bench/benchmark.py --sizes 1000000  # 1M (about 30 minutes here)

Each engine is measured in a process of its own, so that its peak memory (RSS) is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SHARED = ROOT.parent / "shared"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timings(run, queries: list[str]) -> dict[str, float]:
    times = []
    started = time.perf_counter()
    for query in queries:
        t = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - started
    return {
        "median_ms": statistics.median(times),
        "p95_ms": _percentile(times, 0.95),
        "qps": len(queries) / elapsed,
    }


def _rss_mb() -> float:
    """Peak resident memory of this process. (ru_maxrss would carry the parent's peak
    across exec on Linux, so read the kernel's own high-water mark.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(engine: str, db: str, queries: list[str], warmup: list[str]) -> dict[str, float]:
    """Measure one engine in this (fresh) process: open it, answer the warm-up questions
    (other ones than those timed, as a server has answered others before), then time."""
    baseline = _rss_mb()
    started = time.perf_counter()
    if engine == "ours":
        from retrieval.errors import EmptyQuery
        from retrieval.search import Searcher

        imported = time.perf_counter()
        searcher = Searcher(db)
        searcher.search(queries[0], 10)
        opened = time.perf_counter() - imported

        def run(query: str) -> None:
            with contextlib.suppress(EmptyQuery):
                searcher.search(query, 10)

    elif engine == "naive":
        import numpy as np
        from sqlite_utils import Database

        from retrieval.analysis import analyse_query
        from retrieval.indexing import stored_paragraph_terms
        from retrieval.scoring import ArchiveBM25

        _, corpus = stored_paragraph_terms(Database(db))
        model = ArchiveBM25(corpus)
        del corpus
        opened = time.perf_counter() - started

        def run(query: str) -> None:
            scores = model.get_scores(analyse_query(query))
            top = np.argpartition(-scores, 10)[:10]
            top[np.argsort(-scores[top])]

    elif engine == "fts5":
        from retrieval.analysis import QUERY_STOPWORDS, fold_accents

        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        stop = {fold_accents(w) for w in QUERY_STOPWORDS}
        opened = time.perf_counter() - started

        def run(query: str) -> None:
            words = [w for w in re.findall(r"\w+", fold_accents(query).casefold()) if w not in stop]
            if words:
                match = " OR ".join(f'"{w}"' for w in words)
                connection.execute(
                    "select rowid, text, bm25(fts) from fts where fts match ? order by bm25(fts) limit 10",
                    [match],
                ).fetchall()

    else:
        raise SystemExit(f"unknown engine {engine}")
    for query in warmup:
        run(query)
    result = _timings(run, queries)
    result.update(open_s=opened, rss_mb=_rss_mb(), baseline_rss_mb=baseline)
    return result


def _run_child(
    engine: str, db: Path, queries: list[str], warmup: list[str], workdir: Path
) -> dict[str, float]:
    queries_file = workdir / "queries.json"
    queries_file.write_text(json.dumps({"queries": queries, "warmup": warmup}))
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            engine,
            "--db",
            str(db),
            "--queries",
            str(queries_file),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _build_fts(archive: Path, fts: Path) -> None:
    if fts.exists():
        fts.unlink()
    connection = sqlite3.connect(fts)
    connection.execute(
        "create virtual table fts using fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    source = sqlite3.connect(archive)
    connection.executemany(
        "insert into fts(rowid, text) values (?, ?)",
        source.execute("select id, text from paragraphs"),
    )
    connection.commit()
    connection.close()


def measure(
    size: int, workdir: Path, material, queries: list[str], warmup: list[str], naive_queries: int
) -> dict:
    from synthetic import write_archive

    from retrieval.ingest import ingest

    folder = workdir / f"pages-{size}"
    if not folder.exists():
        write_archive(material, size, folder)
    db = workdir / f"archive-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    report = ingest([folder], db)
    row: dict = {"paragraphs": report.paragraphs, "ingest_s": report.seconds}
    row["ingest_rate"] = report.paragraphs / report.seconds

    # Change one page and re-ingest the whole folder: only that page is re-done.
    page = next(iter(sorted(folder.rglob("*.txt"))))
    original = page.read_text(encoding="utf-8")
    page.write_text(
        original + "\nA new closing paragraph about the Kosovo Force and its reserves.\n",
        encoding="utf-8",
    )
    again = ingest([folder], db)
    page.write_text(original, encoding="utf-8")
    row["reingest_one_s"] = again.seconds
    row["reingest_written"] = again.written
    ingest([folder], db)  # back to the original

    with sqlite3.connect(db) as connection:
        connection.execute("pragma wal_checkpoint(truncate)")
    row["db_mb"] = db.stat().st_size / 2**20
    row["ours"] = _run_child("ours", db, queries, warmup, workdir)
    # rank-bm25 keeps nothing between questions: a few warm-up ones suffice.
    if naive_queries:
        row["naive"] = _run_child("naive", db, queries[:naive_queries], warmup[:5], workdir)
    fts = workdir / f"fts-{size}.db"
    _build_fts(db, fts)
    row["fts5"] = _run_child("fts5", fts, queries, warmup, workdir)
    return row


def _print(rows: list[dict]) -> None:
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print("\n| paragraphs | engine | median ms | p95 ms | queries/s | open s | RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        for engine in ("ours", "fts5", "naive"):
            if engine not in row:
                continue
            r = row[engine]
            print(
                f"| {row['paragraphs']:,} | {engine} | {r['median_ms']:.2f} | {r['p95_ms']:.2f} | "
                f"{r['qps']:.0f} | {r['open_s']:.2f} | {r['rss_mb']:.0f} |"
            )
    print(
        "\n| paragraphs | speed-up over naive (median) | vs FTS5 (median / p95) | ingest paragraphs/s | "
        "re-ingest after one change | database MB |"
    )
    print("|---|---|---|---|---|---|")
    for row in rows:
        ours, fts = row["ours"], row["fts5"]
        naive = row.get("naive")
        speedup = f"{naive['median_ms'] / ours['median_ms']:.0f}×" if naive else "not run"
        print(
            f"| {row['paragraphs']:,} | {speedup} | "
            f"{fts['median_ms'] / ours['median_ms']:.1f}× / {fts['p95_ms'] / ours['p95_ms']:.1f}× faster | "
            f"{row['ingest_rate']:,.0f} | {row['reingest_one_s']:.2f} s ({row['reingest_written']} written) | "
            f"{row['db_mb']:.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--queries-count", type=int, default=200, help="dev questions plus sampled ones"
    )
    parser.add_argument(
        "--naive-queries", type=int, default=60, help="rank-bm25 get_scores is slow"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bulletin-bench"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--queries", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        given = json.loads(Path(args.queries).read_text())
        print(json.dumps(child(args.child, args.db, given["queries"], given["warmup"])))
        return

    from synthetic import read_material, sample_queries

    from retrieval.ingest import ingest

    if not (SHARED / "corpus").is_dir():
        raise SystemExit(
            f"The benchmark resamples the real corpus, and {SHARED / 'corpus'} is absent."
        )
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus_db = args.workdir / "corpus.db"
    if not corpus_db.exists():
        ingest([SHARED / "corpus", ROOT / "seeds"], corpus_db)
    material = read_material(corpus_db)
    dev = [
        json.loads(line)["question"] for line in (SHARED / "eval" / "dev-questions.jsonl").open()
    ]
    queries = dev + sample_queries(material, max(args.queries_count - len(dev), 0))
    warmup = sample_queries(material, args.queries_count, seed_offset=2)
    rows = []
    for size in args.sizes:
        print(f"measuring {size:,} paragraphs…", file=sys.stderr, flush=True)
        rows.append(measure(size, args.workdir, material, queries, warmup, args.naive_queries))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    _print(rows)
    if "--keep" not in sys.argv:
        shutil.rmtree(args.workdir / "queries.json", ignore_errors=True)


if __name__ == "__main__":
    main()
