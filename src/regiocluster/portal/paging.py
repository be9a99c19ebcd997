"""A paginator whose row count is cached per filter until a table it reads changes."""

from __future__ import annotations

import hashlib
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator

from regiocluster.portal.cacheversion import query_tables, tables_version


class CachedCountPaginator(Paginator):
    """Paginator that remembers ``count`` under ``key`` until a table of the query changes."""

    def __init__(self, object_list, per_page, *, key: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        self._count_key = f"count:{tables_version(query_tables(object_list))}:{digest}"

    @cached_property
    def count(self) -> int:
        """Return the number of rows, from the cache when the data have not changed."""
        n = cache.get(self._count_key)
        if n is None:
            n = super().count
            cache.set(self._count_key, n, 300)
        return n
