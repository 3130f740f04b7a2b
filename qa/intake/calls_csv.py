"""`calls.csv` as the contact centre's export writes it: Excel's BOM, its cp1252, its
semicolons, its capitalised headers. Only the reading lives here; each row is checked
where it meets its recording (`qa.intake.inbox`)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from qa.intake.metadata import METADATA_FIELDS
from qa.intake.paths import NotReadable, read_regular

CSV_LIMIT = 64 * 1024**2
KNOWN_COLUMNS = ("file", *METADATA_FIELDS)


@dataclass(frozen=True)
class CsvRow:
    number: int  # the row as a spreadsheet shows it: the header is row 1
    values: dict[str, str]  # known columns only, names lower-case, values stripped


@dataclass(frozen=True)
class CallsTable:
    rows: list[CsvRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_calls_csv(path: Path) -> CallsTable:
    """The rows of `calls.csv`; what cannot be read becomes a warning, never an error."""
    try:
        data = read_regular(path, CSV_LIMIT)
    except NotReadable as error:
        return CallsTable([], [f"calls.csv: {error}; no metadata from it"])
    text, encoding = _decode(data)
    warnings = [] if encoding is None else [f"calls.csv: not UTF-8; read as {encoding}"]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        return CallsTable([], [*warnings, f"calls.csv: not readable as CSV ({error})"])
    if not records:
        return CallsTable([], warnings)
    header = [name.strip().lower() for name in records[0]]
    unknown = [name for name in header if name and name not in KNOWN_COLUMNS]
    if unknown:
        warnings.append(
            f"calls.csv: unknown columns ignored: {', '.join(unknown)} "
            f"(known: {', '.join(KNOWN_COLUMNS)})"
        )
    if "file" not in header and "call_id" not in header:
        warnings.append("calls.csv: no file or call_id column; its rows match no recording")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        values = {
            name: value.strip()
            for name, value in zip(header, record, strict=False)
            if name in KNOWN_COLUMNS and value.strip()
        }
        if any(value.strip() for value in record):
            rows.append(CsvRow(number, values))
    return CallsTable(rows, warnings)


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, the encoding it was read as."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM, even before text that is not UTF-8
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)
