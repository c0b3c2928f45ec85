"""Order keys for lists that several people reorder concurrently.

Each item carries a string key; lists sort by (key, id). A new position gets a key strictly
between its neighbours' keys, so a move or insert touches one item only and concurrent moves
merge without renumbering.

A key is an integer part followed by an optional fraction. The integer part starts with a
head letter that gives its length ('a' one digit, 'b' two, ...; 'Z', 'Y', ... the same below
zero), so appending or prepending only counts up or down and keys stay short (5,000 appends
give keys of four characters). Inserting between two neighbours bisects the fraction.
Digits are base 62 in ASCII order, so keys compare as plain strings.
"""

from __future__ import annotations

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_VALUE = {d: i for i, d in enumerate(DIGITS)}
_ZERO = "a0"
_SMALLEST_INTEGER = "A" + DIGITS[0] * 26


def _integer_length(head: str) -> int:
    if "a" <= head <= "z":
        return ord(head) - ord("a") + 2
    if "A" <= head <= "Z":
        return ord("Z") - ord(head) + 2
    raise ValueError(f"invalid order key head: {head!r}")


def _split(key: str) -> tuple[str, str]:
    length = _integer_length(key[0])
    if len(key) < length:
        raise ValueError(f"invalid order key: {key!r}")
    integer, fraction = key[:length], key[length:]
    if fraction.endswith(DIGITS[0]):
        raise ValueError(f"invalid order key: {key!r}")
    return integer, fraction


def _increment(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for i in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[i]] + 1
        if value < _BASE:
            digits[i] = DIGITS[value]
            return head + "".join(digits)
        digits[i] = DIGITS[0]
    if head == "Z":
        return "a" + DIGITS[0]
    if head == "z":
        return None
    new_head = chr(ord(head) + 1)
    if new_head > "a":
        digits.append(DIGITS[0])
    else:
        digits.pop()
    return new_head + "".join(digits)


def _decrement(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for i in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[i]] - 1
        if value >= 0:
            digits[i] = DIGITS[value]
            return head + "".join(digits)
        digits[i] = DIGITS[-1]
    if head == "a":
        return "Z" + DIGITS[-1]
    if head == "A":
        return None
    new_head = chr(ord(head) - 1)
    if new_head < "Z":
        digits.append(DIGITS[-1])
    else:
        digits.pop()
    return new_head + "".join(digits)


def _midpoint(low: str, high: str | None) -> str:
    """A fraction strictly between two fractions (``high`` None means 1)."""
    if high is not None:
        n = 0
        while n < len(high) and (low[n] if n < len(low) else DIGITS[0]) == high[n]:
            n += 1
        if n > 0:
            return high[:n] + _midpoint(low[n:], high[n:])
    digit_low = _VALUE[low[0]] if low else 0
    digit_high = _VALUE[high[0]] if high is not None else _BASE
    if digit_high - digit_low > 1:
        return DIGITS[(digit_low + digit_high) // 2]
    if high is not None and len(high) > 1:
        return high[:1]
    return DIGITS[digit_low] + _midpoint(low[1:], None)


def key_between(before: str | None, after: str | None) -> str:
    """A key that sorts strictly after ``before`` and strictly before ``after``.

    ``None`` stands for the start (``before``) or the end (``after``) of the list.
    """
    if before is not None and after is not None and not before < after:
        raise ValueError(f"order keys out of order: {before!r} >= {after!r}")
    if before is None and after is None:
        return _ZERO
    if before is None:
        assert after is not None
        integer, fraction = _split(after)
        if integer == _SMALLEST_INTEGER:
            return integer + _midpoint("", fraction)
        if fraction:
            return integer
        smaller = _decrement(integer)
        if smaller is None:
            raise ValueError("order keys exhausted")
        return smaller
    if after is None:
        integer, fraction = _split(before)
        larger = _increment(integer)
        return larger if larger is not None else integer + _midpoint(fraction, None)
    int_before, frac_before = _split(before)
    int_after, frac_after = _split(after)
    if int_before == int_after:
        return int_before + _midpoint(frac_before, frac_after)
    larger = _increment(int_before)
    if larger is not None and larger < after:
        return larger
    return int_before + _midpoint(frac_before, None)


def keys_for(count: int) -> list[str]:
    """``count`` increasing keys for a fresh list."""
    keys: list[str] = []
    previous: str | None = None
    for _ in range(count):
        previous = key_between(previous, None)
        keys.append(previous)
    return keys


def key_at(keys: list[str], index: int) -> str:
    """A key that places a new item at ``index`` of a list whose sorted keys are ``keys``.

    Two concurrent inserts may have chosen the same key; such ties sort by id, and a key
    placed next to a tie goes after all of its members.
    """
    index = max(0, min(index, len(keys)))
    before = keys[index - 1] if index > 0 else None
    after: str | None = None
    for candidate in keys[index:]:
        if before is None or candidate > before:
            after = candidate
            break
    return key_between(before, after)
