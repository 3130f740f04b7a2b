"""`callqa forget`: a customer's calls, or named calls, erased on request.

Every request leaves an audit row, even one that matched nothing: "was ticket 4711 answered,
when, by whom?" must have an answer whether or not callqa held anything of that customer,
and the row holds no reference, so it keeps nothing about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.erasure.erase import erase, operator
from qa.erasure.report import ErasureReport
from qa.storage.erasure import Reason
from qa.storage.store import Store


class ErasureRefused(ValueError):
    """A request that cannot be carried out as given; one line naming the input."""


@dataclass(frozen=True)
class Selector:
    """Whose calls: customer references or call ids (exact matches), one kind per request,
    since the audit row's `reason` names the kind."""

    customer_refs: tuple[str, ...] = ()
    call_ids: tuple[str, ...] = ()

    @property
    def reason(self) -> Reason:
        return "customer_ref" if self.customer_refs else "call_id"

    def check(self) -> None:
        if self.customer_refs and self.call_ids:
            raise ErasureRefused("give customer references or call ids, not both in one request")
        if not self.customer_refs and not self.call_ids:
            raise ErasureRefused("say whose calls: --customer-ref REF or --call-id ID")
        option = "--customer-ref" if self.customer_refs else "--call-id"
        if any(not value.strip() for value in (*self.customer_refs, *self.call_ids)):
            raise ErasureRefused(f"{option}: must not be empty")


def forget(
    db: Path | str,
    selector: Selector,
    by: str | None = None,
    request_ref: str | None = None,
) -> ErasureReport:
    """The selected calls erased from `db`, its snapshot, the review desk and the audio
    folders. Raises DatabaseBusy (a StorageError) while a run or another command holds
    the database, DeskBusy while the desk stays held, ErasureRefused for a bad request."""
    selector.check()
    db = Path(db)
    if not db.is_file():
        raise ErasureRefused(f"{db}: no such database")
    if by is not None and not by.strip():
        raise ErasureRefused("--by: must not be empty")
    store = Store(db, holder="callqa forget")
    try:
        refs = [value.strip() for value in selector.customer_refs]
        ids = [value.strip() for value in selector.call_ids]
        calls = store.calls_to_erase(customer_refs=refs, call_ids=ids)
        who = by.strip() if by is not None else operator()
        return erase(store, calls, selector.reason, who, request_ref, also_call_ids=ids)
    finally:
        store.close()
