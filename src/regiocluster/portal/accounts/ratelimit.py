"""A cache-based throttle of password-reset mails (sign-in limits are django-axes')."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

#: Window of the password-reset throttle, seconds.
RESET_WINDOW = 3600


def _count(key: str) -> int:
    if cache.add(key, 1, timeout=RESET_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW)
        return 1


def _key(kind: str, value: str) -> str:
    return f"reset-{kind}:" + hashlib.sha256(value.lower().encode()).hexdigest()[:32]


def reset_allowed(*, address: str, email: str) -> bool:
    """Count one reset request; whether the address and the client are still within the limit."""
    limit = settings.PASSWORD_RESET_LIMIT
    by_email = _count(_key("email", email))
    by_client = _count(_key("client", address))
    return by_email <= limit and by_client <= 4 * limit
