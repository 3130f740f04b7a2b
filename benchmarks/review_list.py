"""How fast the review desk's call list answers on a big store, through the real app.

Generates stores of `--calls` (default 100,000) and of `--baseline-calls` (1,000) synthetic
calls in the real schema (benchmarks/generate_store.sql), publishes their snapshots, adds a
review to every 50th call and an open dispute to every 500th in the desk file, then times
`GET /api/calls` and `GET /` (the HTML page) with the filters a QA lead uses, through
FastAPI's test client (the whole request: snapshot open, desk attach, SQL, render). The
baseline is the same request on the 1,000-call store: the ratio says how the list scales.
Prints a table and writes benchmarks/results/review_list.json.

    python benchmarks/review_list.py [--calls 100000] [--baseline-calls 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from fastapi.testclient import TestClient  # noqa: E402
from snapshot import generate  # noqa: E402

from qa.review.access import Access  # noqa: E402
from qa.review.app import create_app  # noqa: E402
from qa.review.desk import Desk  # noqa: E402
from qa.storage.store import Store  # noqa: E402

REQUESTS = {
    "first page, newest first": "/api/calls",
    "one agent": "/api/calls?agent=agent-7",
    "team + a week": "/api/calls?team=team-2&since=2026-02-01&until=2026-02-07",
    "lowest scores first": "/api/calls?sort=score",
    "reviewed only": "/api/calls?reviewed=true",
    "open disputes": "/api/calls?disputed=true",
    "last page": "/api/calls?offset={last}",
    "HTML list page": "/",
    "HTML, filtered, page 40": "/?team=team-1&sort=score&page=40",
}


def build(folder: Path, calls: int) -> Path:
    db = folder / "callqa.duckdb"
    generate(db, calls)
    Store(db, snapshot_every_s=1e9).close()  # publishes the snapshot
    desk = Desk(db)
    now = datetime.now(UTC)
    with desk.writing() as con:
        con.execute(
            "INSERT INTO reviews SELECT 'r' || i, 'call-' || i, 'service@3', NULL, NULL, "
            "'Reviewer ' || (i % 5), 'exceed', 70, 'passed', 65, '', $now "
            "FROM range(0, $calls, 50) t(i)",
            {"calls": calls, "now": now},
        )
        con.execute(
            "INSERT INTO dispute_events SELECT 'd' || i, 'call-' || i, 'opened', 'agent', "
            "'challenge', $now FROM range(0, $calls, 500) t(i)",
            {"calls": calls, "now": now},
        )
    return db


def time_requests(db: Path, calls: int, repeat: int) -> dict[str, float]:
    client = TestClient(create_app(db, Access("127.0.0.1", None)), base_url="http://127.0.0.1")
    out = {}
    for name, path in REQUESTS.items():
        url = path.format(last=max(0, calls - 50))
        assert client.get(url).status_code == 200, url  # warm: first open of the files
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            answer = client.get(url)
            samples.append(time.perf_counter() - started)
            assert answer.status_code == 200, (url, answer.text[:300])
        out[name] = statistics.median(samples)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--baseline-calls", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        big = build(Path(tmp) / "big", args.calls)
        small = build(Path(tmp) / "small", args.baseline_calls)
        print(f"generated stores in {time.perf_counter() - started:.0f} s")
        at_big = time_requests(big, args.calls, args.repeat)
        at_small = time_requests(small, args.baseline_calls, args.repeat)
    rows = [
        {
            "request": name,
            "baseline_ms": round(1000 * at_small[name], 1),
            "ms": round(1000 * at_big[name], 1),
            "ratio": round(at_big[name] / at_small[name], 2),
        }
        for name in REQUESTS
    ]
    print(f"\nreview desk list: median of {args.repeat}, {args.calls:,} calls "
          f"vs the baseline of {args.baseline_calls:,}")  # fmt: skip
    print(f"{'request':<28} {'baseline ms':>12} {'ms':>9} {'ratio':>7}")
    for row in rows:
        print(f"{row['request']:<28} {row['baseline_ms']:>12} {row['ms']:>9} {row['ratio']:>7}")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "review_list.json").write_text(
        json.dumps(
            {"calls": args.calls, "baseline_calls": args.baseline_calls, "rows": rows}, indent=2
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
