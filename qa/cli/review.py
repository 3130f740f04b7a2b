"""`callqa review`: the QA lead's desk, served locally (qa/review)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qa.cli.errors import USAGE, fail


def review(
    db: Annotated[Path, typer.Option(help="the DuckDB file the nightly run writes")] = Path(
        "callqa.duckdb"
    ),
    host: Annotated[
        str, typer.Option(help="address to bind; anything but loopback needs the token")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port", min=1, max=65535)] = 8000,
) -> None:
    """Serve the review desk: call list, call pages with audio, overrides, disputes."""
    import uvicorn

    from qa.review.access import Access, is_loopback, load_or_create_token, token_path
    from qa.review.app import create_app
    from qa.storage.snapshot import snapshot_path

    if db.is_dir():
        fail(f"--db {db}: is a folder, not a DuckDB file", USAGE)
    token = None
    if not is_loopback(host):
        try:
            token, created = load_or_create_token(db)
        except (OSError, ValueError) as error:
            fail(f"{token_path(db)}: {error}", USAGE)
        if created:
            print(f"review: access token (shown once, kept in {token_path(db)}, mode 0600):")
            print(f"  {token}")
        else:
            print(f"review: bound to {host}: the access token is in {token_path(db)}")
    if not snapshot_path(db).is_file():
        print(f"review: {snapshot_path(db)} does not exist yet: run `callqa run` first")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"review: serving {db} at http://{shown}:{port}/  (Ctrl-C stops)")
    app = create_app(db, Access(host, token))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
