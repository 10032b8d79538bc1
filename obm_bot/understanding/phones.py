"""Phone numbers as people type them (Dutch, and foreign ones with their country code), and
what only looks like one."""

from __future__ import annotations

import re
from typing import Final

# A Dutch number has ten digits from the leading 0 (or 9 after +31/0031); separators may be
# spaces, dashes or brackets. The look-behind keeps dates ("12-03-2027") and prices out.
PHONE: Final = re.compile(
    r"(?<![\w+\-/.,€])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|\(?0)(?:[\s\-()]{0,2}\d){9}(?!\d)"
)
# Typed as a phone number but none: runs of digits and phone punctuation ("((((((((((",
# "06-1234", "+31 6 12"); told what a number looks like instead of "not understood".
PHONE_ATTEMPT: Final = re.compile(r"[\d+(][\d+()\-\s./]{5,}|\d{5,}|\d+[- ]\d+")
NATIONAL_DIGITS: Final = 9
"""After the leading 0, or after the country code 31."""
# A foreign number of a worker from abroad ("+48 512 345 678", "0049 171 2345678"): a country
# code other than 31, then 7 to 12 digits in groups (E.164 allows 15 digits in all).
FOREIGN: Final = re.compile(
    r"(?<![\w+\-/.,€])(?:\+|00)(?!31)[1-9]\d{0,2}(?:[\s\-()]{0,2}\d){7,12}(?!\d)"
)


def phone_number(text: str) -> str | None:
    """The first phone number in ``text``, as typed and trimmed: a Dutch one, else a foreign
    one with its country code.

    The pattern finds the shape; the digits are counted again here, so that no run of
    brackets, dashes or spaces can ever pass as a number: ten digits from the leading 0,
    or nine after +31/0031 (a "(0)" after the country code is the trunk prefix)."""
    for match in PHONE.finditer(text):
        typed = match.group(0).strip()
        digits = re.sub(r"\D", "", typed)
        if digits.startswith("0031"):
            national = digits[4:]
        elif typed.startswith("+"):
            national = digits[2:]
        else:
            national = digits[1:]
        if len(national) == NATIONAL_DIGITS + 1 and national.startswith("0"):
            national = national[1:]  # +31 (0)6 …
        if len(national) == NATIONAL_DIGITS and not national.startswith("0"):
            return typed
    foreign = FOREIGN.search(text)
    return foreign.group(0).strip() if foreign else None
