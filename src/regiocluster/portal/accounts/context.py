"""Template context: the current user's role flags."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import translate_url

from regiocluster.portal.cacheversion import data_version


def roles(request: Any) -> dict[str, Any]:
    """Expose role flags, map settings and this page's address in each language."""
    user = request.user
    auth = bool(getattr(user, "is_authenticated", False))
    return {
        "is_manager": auth and user.is_manager,
        "is_observer": auth and user.is_observer,
        "is_member_rep": auth and user.is_member_rep,
        "map_tiles": settings.MAP_TILES,
        "data_version": data_version(),
        "language_links": [
            (code, translate_url(request.get_full_path(), code))
            for code, _name in settings.LANGUAGES
        ],
    }
