"""A cache-based counter of failed sign-in attempts."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(address: str, username: str) -> str:
    digest = hashlib.sha256(f"{address}|{username.lower()}".encode()).hexdigest()[:32]
    return f"login-fail:{digest}"


#: An address may fail this many times the per-user limit over all user names (spraying).
ADDRESS_FACTOR = 4


def _address_key(address: str) -> str:
    return "login-fail-addr:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def login_blocked(*, address: str, username: str) -> bool:
    """Whether this address has used up its attempts for this user name, or for all names."""
    limit = settings.LOGIN_RATE_LIMIT
    return (
        cache.get(_key(address, username), 0) >= limit
        or cache.get(_address_key(address), 0) >= ADDRESS_FACTOR * limit
    )


def _count(key: str) -> int:
    if cache.add(key, 1, timeout=settings.LOGIN_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_RATE_WINDOW)
        return 1


def login_failed(*, address: str, username: str) -> int:
    """Count one failed attempt; return the number for this user name in the current window."""
    _count(_address_key(address))
    return _count(_key(address, username))


def login_succeeded(*, address: str, username: str) -> None:
    """Forget failed attempts after a successful sign-in."""
    cache.delete(_key(address, username))
