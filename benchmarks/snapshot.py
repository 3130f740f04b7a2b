"""What publishing the readers' snapshot costs on a big database, and what a night pays.

Generates a store of `--calls` calls (default 100,000: 20 segments and 12 criterion rows
each, the shape of a 5-minute call) with the real schema, then times one publish two ways:
the baseline, the old `CHECKPOINT` + `shutil.copyfile` (which also dropped the writer's
DuckDB lock: it opens and closes the file), against the store's copy through the descriptor
it keeps open (`copy_file_range`), and `COPY FROM DATABASE` (a lock-safe alternative).
A night's cost: publishing after each of N calls vs at most every 60 s. Prints a table and
writes benchmarks/results/snapshot.json.

    python benchmarks/snapshot.py [--calls 100000] [--night-calls 2000] [--call-seconds 8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.storage.snapshot import snapshot_path  # noqa: E402
from qa.storage.store import Store  # noqa: E402

FILL = Path(__file__).with_name("generate_store.sql")


def generate(db: Path, calls: int) -> None:
    store = Store(db, snapshot_every_s=1e9)
    text = "\n".join(
        line for line in FILL.read_text(encoding="utf-8").splitlines() if not line.startswith("--")
    )
    for statement in text.split(";\n"):
        if statement.strip():
            store.con.execute(statement, {"calls": calls})
    store.con.execute("CHECKPOINT")
    store.close()


def time_copy_baseline(db: Path) -> float:
    started = time.perf_counter()
    target = snapshot_path(db)
    shutil.copyfile(db, target.with_name(target.name + ".baseline"))
    return time.perf_counter() - started


def time_publish(db: Path) -> float:
    store = Store(db, snapshot_every_s=1e9)
    started = time.perf_counter()
    store.publish(force=True)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def time_copy_from_database(db: Path) -> float:
    store = Store(db, snapshot_every_s=1e9)
    partial = db.with_name("copy-from-database.duckdb")
    started = time.perf_counter()
    source = store.con.execute("SELECT current_database()").fetchone()[0]
    store.con.execute(f"ATTACH '{partial}' AS copied")
    store.con.execute(f'COPY FROM DATABASE "{source}" TO copied')
    store.con.execute("DETACH copied")
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--night-calls", type=int, default=2000)
    parser.add_argument("--call-seconds", type=float, default=8.0, help="wall time per call")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="callqa-snapshot-"))
    db = folder / "callqa.duckdb"
    started = time.perf_counter()
    generate(db, args.calls)
    generated_s = time.perf_counter() - started
    size_mb = db.stat().st_size / 1e6
    baseline_s = time_copy_baseline(db)
    publish_s = time_publish(db)
    copy_db_s = time_copy_from_database(db)
    night_wall = args.night_calls * args.call_seconds
    every_call = args.night_calls * publish_s
    bounded = (night_wall / 60 + 1) * publish_s
    rows = [
        ("one publish: file copy (baseline, old)", baseline_s, 1.0),
        ("one publish: copy via the held descriptor (now)", publish_s, publish_s / baseline_s),
        ("one publish: COPY FROM DATABASE (rejected)", copy_db_s, copy_db_s / baseline_s),
        ("a night, publishing after every call", every_call, every_call / night_wall),
        ("a night, at most every 60 s (now)", bounded, bounded / night_wall),
    ]
    print(f"store: {args.calls:,} calls, {size_mb:.0f} MB, generated in {generated_s:.0f} s")
    print(f"night: {args.night_calls} calls at {args.call_seconds:.0f} s each = {night_wall:.0f} s")
    print(f"{'what':48} {'seconds':>10} {'ratio':>10}")
    for name, seconds, ratio in rows:
        print(f"{name:48} {seconds:10.2f} {ratio:10.3f}")
    print("(ratio: one publish vs the baseline copy; a night: share of the night's wall time)")
    out = ROOT / "benchmarks" / "results" / "snapshot.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "calls": args.calls,
                "db_mb": round(size_mb, 1),
                "baseline_copy_s": round(baseline_s, 3),
                "publish_s": round(publish_s, 3),
                "copy_from_database_s": round(copy_db_s, 3),
                "night_calls": args.night_calls,
                "night_wall_s": night_wall,
                "night_publish_every_call_s": round(every_call, 1),
                "night_publish_bounded_s": round(bounded, 1),
            },
            indent=2,
        )
    )
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
