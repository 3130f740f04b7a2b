"""Who may use the desk: loopback by default, a token for anything else, CSRF on forms.

- Bound to a loopback address, the desk trusts the machine's own users but still refuses a
  `Host` that is not the loopback name it was reached by (a web page's DNS rebinding).
- Bound to any other address it needs a token: generated on first start into
  `<db>.review-token` (mode 0600) and printed once; sent as `Authorization: Bearer …` or
  entered once on the login page, which sets an HttpOnly, SameSite=Strict cookie.
- Every form carries a CSRF token equal to its own SameSite=Strict cookie (double submit):
  another site can neither read the cookie nor make the browser send it.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SESSION_COOKIE = "callqa_session"
CSRF_COOKIE = "callqa_csrf"
CSRF_FIELD = "csrf"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.review-token")


def load_or_create_token(db: Path) -> tuple[str, bool]:
    """The desk's token and whether it was just created (then the caller prints it once)."""
    path = token_path(db)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        token = path.read_text(encoding="utf-8").strip()
        if not token:
            raise ValueError(f"{path}: empty token file (delete it to make a new one)") from None
        return token, False
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return token, True


@dataclass(frozen=True)
class Access:
    """The desk's rules for one server: its bind address and, off loopback, its token."""

    host: str
    token: str | None  # None: loopback, no token asked

    @property
    def needs_token(self) -> bool:
        return self.token is not None

    def session_value(self) -> str:
        """What the login cookie holds: derived from the token, not the token itself."""
        assert self.token is not None
        return hmac.new(self.token.encode(), b"callqa session", "sha256").hexdigest()

    def token_matches(self, offered: str | None) -> bool:
        return bool(self.token and offered) and hmac.compare_digest(
            offered.encode(),
            self.token.encode(),  # type: ignore[union-attr]
        )

    def authenticated(self, authorization: str | None, session: str | None) -> bool:
        if not self.needs_token:
            return True
        scheme, _, offered = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and self.token_matches(offered.strip()):
            return True
        return bool(session) and hmac.compare_digest(
            session.encode(),
            self.session_value().encode(),  # type: ignore[union-attr]
        )

    def host_allowed(self, host_header: str | None) -> bool:
        """Off loopback the token guards every request; on loopback the Host must be
        loopback too, so a rebinding page on another name gets nothing."""
        if self.needs_token:
            return True
        name = (
            (host_header or "").rsplit(":", 1)[0]
            if "]" not in (host_header or "")
            else ((host_header or "").split("]")[0] + "]")
        )
        return is_loopback(name)


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_matches(cookie: str | None, field: str | None) -> bool:
    return bool(cookie and field) and hmac.compare_digest(cookie.encode(), field.encode())  # type: ignore[union-attr]
