"""Object-level rules, shared by the pages and the API.

A member representative changes only its own organisation and what belongs to it
(products, certificates, documents, requests, offers); the cluster manager and the
administrator change anything; the observer and the visitor change nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def _owner_id(obj: Any) -> int | None:
    """Organisation id that owns ``obj`` (an organisation owns itself)."""
    if obj.__class__.__name__ == "Organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


def can_edit(user: Any, obj: Any) -> bool:
    """Whether ``user`` may change ``obj``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_manager:
        return True
    if user.is_observer:
        return False
    return user.organisation_id is not None and user.organisation_id == _owner_id(obj)


def can_create_for_own_organisation(user: Any) -> bool:
    """Whether ``user`` may post requests, offers, products for an organisation."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_manager or (not user.is_observer and user.organisation_id is not None)
    )


def ensure_can_edit(user: Any, obj: Any) -> None:
    """Raise :class:`PermissionDenied` (HTTP 403) unless ``user`` may change ``obj``."""
    if not can_edit(user, obj):
        raise PermissionDenied


def ensure_manager(user: Any) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` is a cluster manager or admin."""
    if not (getattr(user, "is_authenticated", False) and user.is_manager):
        raise PermissionDenied


def sees_identities(user: Any) -> bool:
    """Whether ``user`` sees who is behind every request (manager, administrator)."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_manager
