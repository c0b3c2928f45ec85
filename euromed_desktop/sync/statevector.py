"""Yjs state vectors, decoded by hand: which clock of which client a replica has seen.

A delta bundle is only safe to import where its starting state is already present (else Yjs
would keep the delta pending in memory, never in the update log), so the importer compares
state vectors before it touches anything.
"""

from __future__ import annotations

from euromed_desktop.i18n import _
from euromed_desktop.sync.errors import BundleError

MAX_CLIENTS = 100_000  # far more laptops than any meeting has; bounds the work on bad input


def _read_var_uint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    shift = 0
    while True:
        if offset >= len(data) or shift > 63:
            raise BundleError(_("A state vector in the bundle is damaged."))
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def _write_var_uint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode(data: bytes) -> dict[int, int]:
    """client id → number of operations seen (Yjs' v1 encoding: count, then pairs)."""
    count, offset = _read_var_uint(data, 0)
    if count > MAX_CLIENTS:
        raise BundleError(_("A state vector in the bundle is damaged."))
    result: dict[int, int] = {}
    for _n in range(count):
        client, offset = _read_var_uint(data, offset)
        clock, offset = _read_var_uint(data, offset)
        result[client] = clock
    if offset != len(data):
        raise BundleError(_("A state vector in the bundle is damaged."))
    return result


def encode(state: dict[int, int]) -> bytes:
    parts = [_write_var_uint(len(state))]
    for client, clock in sorted(state.items()):
        parts.append(_write_var_uint(client))
        parts.append(_write_var_uint(clock))
    return b"".join(parts)


def covers(have: bytes, need: bytes) -> bool:
    """Whether a replica at ``have`` has seen everything a replica at ``need`` had seen."""
    mine = decode(have)
    return all(mine.get(client, 0) >= clock for client, clock in decode(need).items())
