"""Screenshots of the review desk for the README: the call list and one call page.

Serves the desk on a free loopback port over a database (`make demo` makes one), opens the
pages in Debian's chromium through Playwright, and writes PNGs to docs/img/.

    .venv/bin/python scripts/screenshot_desk.py [--db callqa.duckdb] [--call en_billing_resolved]
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from qa.review.access import Access
from qa.review.app import create_app

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "callqa.duckdb")
    parser.add_argument("--call", default="en_billing_resolved")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(args.db, Access("127.0.0.1", None)), port=port, log_level="warning"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1100})
        page.goto(f"http://127.0.0.1:{port}/")
        page.screenshot(path=args.out / "review-call-list.png")
        page.goto(f"http://127.0.0.1:{port}/calls/{args.call}")
        page.wait_for_function("document.getElementById('audio').duration > 0")
        page.evaluate("document.getElementById('audio').currentTime = 16")
        page.evaluate("document.querySelectorAll('.turn')[2].classList.add('playing')")
        page.screenshot(path=args.out / "review-call-page.png")
        browser.close()
    server.should_exit = True
    print(f"wrote {args.out / 'review-call-list.png'} and {args.out / 'review-call-page.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
