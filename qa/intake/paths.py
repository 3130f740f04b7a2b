"""File names as text, file kinds, and reading files that may not be regular files.

An inbox is a shared folder anyone can drop anything into: a FIFO or a link to
`/dev/zero` must never be opened for reading (it would block or never end), and a name
that is not UTF-8 must still print, log and store. Everything here opens with
`O_NONBLOCK` and checks `fstat` before reading, so a file swapped for a FIFO after it was
listed cannot hang the run either.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


class NotReadable(Exception):
    """A file that cannot be read as a regular file; the message is one line."""


def display_path(path: Path | str) -> str:
    """A file name as text, losslessly: bytes that are not UTF-8 appear as \\xNN escapes.

    Control characters (a newline in a name) are escaped the same way, so the text is
    always one printable line that any database or log accepts.
    """
    text = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def path_key(path: Path | str) -> str:
    """An identity for a file whose bytes cannot be read: its name's bytes, hashed."""
    return "path:" + hashlib.sha256(os.fsencode(path)).hexdigest()


def file_kind(mode: int) -> str:
    """'regular file', 'fifo', 'directory'… for a `st_mode`."""
    if stat.S_ISREG(mode):
        return "regular file"
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _open_regular(path: Path) -> int:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise NotReadable("no such file (or a dangling link)") from None
    except PermissionError:
        raise NotReadable("unreadable (permission denied)") from None
    except OSError as error:
        raise NotReadable(f"unreadable ({error.strerror or error})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotReadable(f"not a regular file ({file_kind(mode)})")
    os.set_blocking(fd, True)
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a small regular file (a sidecar, calls.csv); NotReadable otherwise."""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(f"larger than {limit} bytes")
    return data


def content_hash(paths: list[Path]) -> str:
    """SHA-256 of the files' bytes, legs separated, so identity follows content."""
    digest = hashlib.sha256()
    for path in paths:
        fd = _open_regular(path)
        try:
            with os.fdopen(fd, "rb") as stream:
                while block := stream.read(1 << 20):
                    digest.update(block)
        except OSError as error:
            raise NotReadable(f"unreadable ({error.strerror or error})") from None
        digest.update(b"\0leg\0")
    return digest.hexdigest()
