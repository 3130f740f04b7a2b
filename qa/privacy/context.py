"""The words around a number that say what it is, in English, Russian, Latvian, Arabic.

A long digit run after "card" is a card even when Whisper miscounted its repeated digits
and the check digit no longer holds; the same run after "order" is an order number and
must stay. Words are matched by prefix, so inflections count ("карты", "карту", "kartes").
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.privacy.stream import Stream

CARD = (
    "card", "visa", "mastercard", "maestro", "amex", "mx", "american", "debit", "credit",
    "карт", "виза", "визы", "мастеркард", "kart", "بطاق", "فيزا",
)  # fmt: skip
PHONE = (
    "phone", "mobile", "cell", "telephone", "call", "reach", "dial", "ring", "whatsapp",
    "contact", "связ", "контакт", "sazin",
    "телефон", "мобильн", "сотов", "позвон", "звон", "перезвон", "набер",
    "tālrun", "telefon", "mobil", "zvan", "هاتف", "جوال", "اتصل", "موبايل",
)  # fmt: skip
# "number" alone says little ("order number"); it counts for a phone only when nothing
# nearer says what kind of number it is.
WEAK_PHONE = ("number", "номер", "numur", "رقم")
NOT_PII = (
    "order", "tracking", "track", "invoice", "account", "acct", "reference", "ref", "ticket",
    "case", "policy", "booking", "reservation", "confirmation", "parcel", "package",
    "shipment", "serial", "model", "version", "zip", "postcode", "postal", "claim",
    "contract", "receipt", "transaction", "item", "sku", "article", "flight", "room",
    "заказ", "счет", "счёт", "трек", "накладн", "договор", "полис", "заявк", "обращени",
    "брон", "посылк", "индекс", "артикул", "лицев", "квитанц", "рейс", "чек",
    "pasūtījum", "rēķin", "līgum", "sūtījum", "pieteikum", "ček", "konta",
    "طلب", "فاتورة", "حساب", "شحنة", "تذكرة", "حجز", "عقد",
    "barcode", "ean", "штрих", "svītrkod", "باركود",
)  # fmt: skip
# A card that is not a payment card: "loyalty card", "бонусной карты", "klienta karte".
NOT_PAYMENT = ("loyalty", "reward", "member", "club", "gift", "bonus", "discount", "бонус", "клуб",
               "подароч", "скидоч", "лояльн", "lojalit", "klient", "dāvan", "ولاء")  # fmt: skip
CVV = ("cvv", "cvc", "cv2", "cvb", "cvd", "security", "код", "drošības", "الأمان", "رمز")
EXPIRY = (
    "expir", "expires", "exp", "xp", "valid", "until", "thru", "through",
    "срок", "действ", "годн", "derīg", "termiņ", "انتهاء", "صالح",
)  # fmt: skip
IBAN = ("iban", "ibon", "ibahn", "айбан", "ибан", "айбен", "konta", "آيبان", "ايبان")
# Words that name an identity number on their own: what follows is one, checksum or not.
NAMED_ID = ("social", "ssn", "снилс", "снил", "инн", "personas", "passport", "паспорт", "pase")
NATIONAL_ID = (
    "social", "ssn", "passport", "national", "identity", "personal", "id",
    "паспорт", "снилс", "снил", "инн", "персональн", "личн",
    "personas", "pers", "kods", "pase", "هوية", "الهوية", "جواز",
)  # fmt: skip


def matches(word: str, stems: tuple[str, ...]) -> bool:
    """Stems of four letters or more match as prefixes; shorter Latin ones ("id", "exp")
    whole. Arabic words are matched without their article or conjunction (ال, و)."""
    if word[:1] in "والب" and not word.isascii():
        bare = word.removeprefix("و").removeprefix("ب").removeprefix("ال")
        if bare != word and matches(bare, stems):
            return True
    return any(
        word.startswith(stem) if len(stem) > 3 or not stem.isascii() else word == stem
        for stem in stems
    )


@dataclass(frozen=True)
class Nearest:
    """The nearest telling word before a token: which list it is in, and how far."""

    kind: str | None
    distance: int


def nearest_before(
    stream: Stream, token: int, kinds: dict[str, tuple[str, ...]], window: int = 10
) -> Nearest:
    """Which of `kinds` the nearest telling word within `window` words before belongs to.

    A kind named "weak" ("number") yields to a word of another kind just before it:
    "order number" is an order's, "phone number" a phone's."""
    words = [word for _, word in stream.words_before(token, window)]
    for distance, word in enumerate(words, 1):
        for kind, stems in kinds.items():
            if not matches(word, stems):
                continue
            if kind == "weak":
                for qualifier in words[distance : distance + 2]:
                    strong = [k for k, s in kinds.items() if k != "weak" and matches(qualifier, s)]
                    if strong:
                        return Nearest(strong[0], distance)
            return Nearest(kind, distance)
    return Nearest(None, window + 1)


def said_near(stream: Stream, first: int, last: int, stems: tuple[str, ...], window: int) -> bool:
    """A word of `stems` within `window` words before `first` or within first..last."""
    inside = [t.norm for t in stream.tokens[first : last + 1] if t.kind == "alpha"]
    before = [word for _, word in stream.words_before(first, window)]
    return any(matches(word, stems) for word in inside + before)
