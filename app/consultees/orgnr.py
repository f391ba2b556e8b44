"""Norwegian organisation numbers (organisasjonsnummer): nine digits, mod-11 check digit."""
from __future__ import annotations

import re

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
#: Hyphens people type between the groups: the ASCII one, Unicode's hyphen and non-breaking hyphen, and
#: the en dash a word processor turns a hyphen into
_HYPHENS = str.maketrans("", "", "-\u2010\u2011\u2013")
#: The VAT register's form «NO 942 402 465 MVA»: the country code before the number, «MVA» after it
_VAT_FORM = re.compile(r"(?:NO)?(?P<number>.*?)(?:MVA)?")


def normalise(value: str) -> str:
    """The number without what people write around its digits: '942 402 465', '942-402-465' and
    'NO 942 402 465 MVA' → '942402465'. Anything else is kept, for is_valid to refuse."""
    compact = "".join(value.split()).translate(_HYPHENS)
    return _VAT_FORM.fullmatch(compact.upper()).group("number")


def check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit for eight digits, or None when no valid number can end them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def is_valid(value: str) -> bool:
    """True for nine digits whose last is the mod-11 check digit of the first eight, written plain, in
    groups (spaces or hyphens) or in the VAT register's «NO … MVA» form."""
    number = normalise(value)
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])
