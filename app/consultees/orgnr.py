"""Norwegian organisation numbers (organisasjonsnummer): nine digits, mod-11 check digit."""
from __future__ import annotations

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise(value: str) -> str:
    """Digits only: '942 402 465' → '942402465'."""
    return "".join(value.split())


def check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit for eight digits, or None when no valid number can end them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def is_valid(value: str) -> bool:
    """True for nine digits whose last is the mod-11 check digit of the first eight."""
    number = normalise(value)
    if len(number) != 9 or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])
