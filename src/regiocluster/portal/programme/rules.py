"""Who may do what in the management system.

The manager edits everything; a member representative reports on the measures
its organisation is responsible for or takes part in, contributes to the joint
projects it takes part in and books the test site; the observer reads
everything; a visitor sees what is published.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_manager(user: Any) -> bool:
    """Cluster manager or administrator."""
    return _signed_in(user) and user.is_manager


def sees_unpublished(user: Any) -> bool:
    """Return whether ``user`` sees drafts (signed-in users do; visitors do not)."""
    return _signed_in(user)


def takes_part_in_measure(user: Any, measure: Any) -> bool:
    """Whether the user's organisation is responsible for or takes part in ``measure``."""
    org = getattr(user, "organisation_id", None)
    if org is None:
        return False
    return measure.responsible_id == org or measure.participants.filter(pk=org).exists()


def takes_part_in_project(user: Any, project: Any) -> bool:
    """Whether the user's organisation is a participant of ``project``."""
    org = getattr(user, "organisation_id", None)
    return org is not None and project.participants.filter(organisation_id=org).exists()


def can_report_measure(user: Any, measure: Any) -> bool:
    """Return whether ``user`` reports on ``measure``: the manager or a participant."""
    if not _signed_in(user) or user.is_observer:
        return False
    return user.is_manager or takes_part_in_measure(user, measure)


def can_contribute_project(user: Any, project: Any) -> bool:
    """Return whether ``user`` contributes to ``project``: the manager or a participant."""
    if not _signed_in(user) or user.is_observer:
        return False
    return user.is_manager or takes_part_in_project(user, project)


def can_book(user: Any) -> bool:
    """Member representatives with an organisation and the manager book the test site."""
    return _signed_in(user) and not user.is_observer and user.organisation_id is not None


def ensure(condition: bool) -> None:
    """Raise :class:`PermissionDenied` (HTTP 403) unless ``condition``."""
    if not condition:
        raise PermissionDenied
