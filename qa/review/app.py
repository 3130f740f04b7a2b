"""The review desk as a FastAPI app: `create_app(db, access)`; `callqa review` serves it.

Pages (`qa.review.pages`) and the JSON API (`qa.review.api`) share one request cycle:
the middleware checks who is asking (`qa.review.access`), and each request reads the
published snapshot with the desk file attached, so the desk works while a run writes.
Every asset is served from the package; nothing comes from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import duckdb
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from qa.review.access import CSRF_COOKIE, SESSION_COOKIE, Access, new_csrf
from qa.review.desk import Desk, DeskBusy
from qa.storage.snapshot import StorageError, open_for_reading, snapshot_path

PACKAGE = Path(__file__).parent
OPEN_PATHS = ("/login", "/static/")
# Scripts and styles only from the desk itself; inline SVG needs inline presentation only.
CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class NoSnapshot(RuntimeError):
    """Nothing published yet: no run has stored a call in this database."""


@dataclass(frozen=True)
class DeskState:
    db: Path
    desk: Desk
    access: Access

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The snapshot as it is now, with the desk attached, for one request."""
        try:
            con = open_for_reading(self.db)
        except StorageError:
            raise NoSnapshot(f"{snapshot_path(self.db).name} does not exist yet") from None
        try:
            con.execute("SET TimeZone = 'UTC'")
            with self.desk.attached(con):
                yield con
        finally:
            con.close()


def create_app(db: Path, access: Access, *, wait_s: float = 2.0) -> FastAPI:
    from qa.review import api, pages  # the routes import this module's DeskState

    app = FastAPI(title="callqa review desk", docs_url="/api/docs", redoc_url=None)
    app.state.desk = DeskState(Path(db), Desk(db, wait_s=wait_s), access)
    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(request: Request, call_next) -> Response:
        if not access.host_allowed(request.headers.get("host")):
            return PlainTextResponse("refused: not a loopback host name", status_code=400)
        path = request.url.path
        if not path.startswith(OPEN_PATHS) and not access.authenticated(
            request.headers.get("authorization"), request.cookies.get(SESSION_COOKIE)
        ):
            if path.startswith("/api/"):
                return JSONResponse(
                    {"detail": "a token is needed: Authorization: Bearer <token>"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
        csrf = request.cookies.get(CSRF_COOKIE) or new_csrf()
        request.state.csrf = csrf  # the forms of the page being rendered carry it
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if CSRF_COOKIE not in request.cookies and not path.startswith(("/api/", "/static/")):
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        return response

    @app.exception_handler(DeskBusy)
    async def desk_busy(request: Request, error: DeskBusy) -> Response:
        message = f"The review desk is busy, try again in a moment ({error})."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "1"})
        return pages.message_page(request, "Busy", message, 503)

    @app.exception_handler(NoSnapshot)
    async def no_snapshot(request: Request, error: NoSnapshot) -> Response:
        message = f"No scored calls yet: {error}. Run `callqa run INBOX --db {db}` first."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=503)
        return pages.message_page(request, "Nothing to review yet", message, 503)

    return app
