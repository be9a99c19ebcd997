"""One version number for the portal's data: cached pages and matches carry it in their keys.

Every save or delete of a portal model bumps it (signals, connected in the apps'
``ready``); bulk loads call :func:`data_changed` themselves. With a per-process
cache (the default) each server process keeps its own copy; a shared cache
(memcached, Redis) makes the version shared too.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

KEY = "portal-data-version"


def data_version() -> int:
    """Return the current data version."""
    return int(cache.get_or_set(KEY, 1, None))


def data_changed(*_args: Any, **_kwargs: Any) -> None:
    """Bump the version (usable as a signal receiver)."""
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, None)


def connect_signals(app_label: str) -> None:
    """Bump the version whenever a model of ``app_label`` is saved or deleted."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_app_config(app_label).get_models():
        post_save.connect(data_changed, sender=model, dispatch_uid=f"dv-save-{model._meta.label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"dv-del-{model._meta.label}")
