"""A cache-based counter of failed sign-in attempts."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(address: str, username: str) -> str:
    digest = hashlib.sha256(f"{address}|{username.lower()}".encode()).hexdigest()[:32]
    return f"login-fail:{digest}"


def login_blocked(*, address: str, username: str) -> bool:
    """Whether this address has used up its attempts for this user name."""
    return cache.get(_key(address, username), 0) >= settings.LOGIN_RATE_LIMIT


def login_failed(*, address: str, username: str) -> int:
    """Count one failed attempt; return the number in the current window."""
    key = _key(address, username)
    if cache.add(key, 1, timeout=settings.LOGIN_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_RATE_WINDOW)
        return 1


def login_succeeded(*, address: str, username: str) -> None:
    """Forget failed attempts after a successful sign-in."""
    cache.delete(_key(address, username))
