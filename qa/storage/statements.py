"""The store's SQL, read from `.sql` files: `write/` is what the writer runs, `read/` what it
reads. Parameters are named (`$run_id`); a file may hold several statements."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def statements(name: str, root: Path = SQL_DIR) -> tuple[str, ...]:
    """The statements of `<root>/<name>.sql`, split at a `;` that ends a line."""
    text = (root / f"{name}.sql").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)
    return tuple(part.strip() for part in parts if part.strip())


def execute(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, object] | None = None,
    root: Path = SQL_DIR,
) -> duckdb.DuckDBPyConnection:
    """Run every statement of `<root>/<name>.sql` (the store's `sql/` unless another
    package's folder is given), each given the parameters it names."""
    params = params or {}
    result = con
    for sql in statements(name, root):
        wanted = {key: params[key] for key in _PARAMETER.findall(sql)}
        result = con.execute(sql, wanted) if wanted else con.execute(sql)
    return result


def migrations(root: Path = SQL_DIR) -> list[tuple[int, str, str]]:
    """The numbered files of `<root>/migrations/` as (number, name, SQL), in order."""
    out = []
    for path in sorted((root / "migrations").glob("*.sql")):
        number, _, name = path.stem.partition("_")
        out.append((int(number), name, path.read_text(encoding="utf-8")))
    return out
