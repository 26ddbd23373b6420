"""Login throttling against password guessing: failed attempts are counted per
username and per client address in the cache, in a sliding window."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    # Per username *and* address: a stranger guessing cannot lock the owner out from
    # elsewhere; per address: one machine cannot try many accounts.
    pair = f"{username.strip().casefold()}|{address}"
    pair_key = hashlib.sha256(pair.encode()).hexdigest()[:32]
    return [
        (f"login-fail:user:{pair_key}", settings.LOGIN_FAILURES_PER_USER),
        (f"login-fail:addr:{address}", settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def is_blocked(username: str, address: str) -> bool:
    return any(cache.get(key, 0) >= limit for key, limit in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key, _ in _keys(username, address):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, WINDOW_SECONDS)


def clear(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0][0])
