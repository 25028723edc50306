"""Deterministic randomness for the demo: the same seed gives the same files on every machine.

Python's ``hash()`` of a string changes per process, so seeds are derived with SHA-256; the
per-row draws use ``random.Random`` (its sequence for a given integer seed is stable across
Python versions); company attributes come from a counter-based hash (splitmix64) so that a
company's municipality, segment and CVR follow from its index alone, with nothing kept in memory.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_MASK = (1 << 64) - 1
# Kronecker (R2) sequence constants: well spread in two dimensions for any run of indices.
_R2_A1 = 0.7548776662466927
_R2_A2 = 0.5698402909980532


def derive_seed(*parts: object) -> int:
    """A 64-bit seed from any parts (seed, hub, year, purpose), stable across processes."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def rng(*parts: object) -> random.Random:
    return random.Random(derive_seed(*parts))


def mix64(x: int) -> int:
    """splitmix64's finaliser: a good 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def unit(key: int, salt: int) -> float:
    """A uniform number in [0, 1) from an integer key and a salt."""
    return unit_mixed(key, mix64(salt))


def unit_mixed(key: int, mixed_salt: int) -> float:
    """``unit`` with its salt hashed already (``mix64(salt)``, once, where it is drawn per company)."""
    return (mix64(key ^ mixed_salt) >> 11) / float(1 << 53)


def spread_2d(index: int) -> tuple[float, float]:
    """The index-th point of the R2 sequence: any run of consecutive indices covers the unit square
    evenly, so quotas (municipality × individually guided) come out close to their shares."""
    return (0.5 + _R2_A1 * index) % 1.0, (0.5 + _R2_A2 * index) % 1.0


def pick(u: float, options: Sequence[tuple[T, float]]) -> T:
    """The option whose slice of [0, 1) holds ``u``, slices in order and as wide as their shares
    (the last option takes any rounding remainder)."""
    cumulative = 0.0
    for value, share in options:
        cumulative += share
        if u < cumulative:
            return value
    return options[-1][0]
