"""Template context: the current user's role flags."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def roles(request: Any) -> dict[str, Any]:
    """Expose role flags and map settings to every template."""
    user = request.user
    auth = bool(getattr(user, "is_authenticated", False))
    return {
        "is_manager": auth and user.is_manager,
        "is_observer": auth and user.is_observer,
        "is_member_rep": auth and user.is_member_rep,
        "map_tiles": settings.MAP_TILES,
    }
