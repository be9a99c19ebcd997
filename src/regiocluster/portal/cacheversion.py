"""Versions of the portal's data: cached pages, counts and matches carry them in their keys.

Every save or delete of a portal model bumps the global version and the version
of the model's table (signals, connected in the apps' ``ready``); bulk loads call
:func:`data_changed` without a model, which changes every table's version. A
cached value that reads only some tables (a list's row count, the filter lists)
keys on :func:`tables_version` of those tables, so a new purchase request does
not throw away the member catalogue's counts. Table versions are random tokens:
a cache that evicts or loses one gets a new token, never an old value back.
With a per-process cache (the default) each server process keeps its own copy; a
shared cache (memcached, Redis) makes the versions shared too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

KEY = "portal-data-version"
#: Token changed by every bulk change: part of every table's version.
ALL_TABLES = "portal-tables-version"
TABLE = "portal-table-version:"


def data_version() -> int:
    """Return the current data version."""
    return int(cache.get_or_set(KEY, 1, None))


def data_changed(sender: Any = None, **_kwargs: Any) -> None:
    """Bump the version, and the table version of ``sender`` (usable as a signal receiver).

    Without a model (bulk loads) every table counts as changed.
    """
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, None)
    table = getattr(getattr(sender, "_meta", None), "db_table", None)
    cache.set(TABLE + table if table else ALL_TABLES, uuid.uuid4().hex, None)


def tables_version(tables: Iterable[str]) -> str:
    """Return one token that changes whenever any of ``tables`` (database names) changes."""
    keys = [ALL_TABLES] + [TABLE + t for t in sorted(set(tables))]
    found = cache.get_many(keys)
    missing = {k: uuid.uuid4().hex for k in keys if k not in found}
    for key, token in missing.items():
        if not cache.add(key, token, None):  # another thread set it first: use theirs
            missing[key] = cache.get(key, token)
    found.update(missing)
    return ".".join(found[k][:8] for k in keys)


def query_tables(queryset: Any) -> list[str]:
    """Return the database tables a queryset reads (its base table and joins)."""
    query = queryset.query
    return [query.model._meta.db_table] + [a.table_name for a in query.alias_map.values()]


def connect_signals(app_label: str) -> None:
    """Bump the version whenever a model of ``app_label`` is saved or deleted."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_app_config(app_label).get_models():
        post_save.connect(data_changed, sender=model, dispatch_uid=f"dv-save-{model._meta.label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"dv-del-{model._meta.label}")
