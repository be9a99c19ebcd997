"""The audit trail: every change to deals, applications, memberships and permissions.

django-simple-history keeps a historical row per save of the tracked models;
:func:`audit_trail` merges the latest of them, newest first, each with the user
who made it and the fields that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.exchange.models import Contract, Interest
from regiocluster.portal.members.models import MembershipApplication, Organisation

#: Tracked models and what their changes mean for the manager.
AUDITED = (
    (Contract, _("contract")),
    (Interest, _("deal negotiation")),
    (MembershipApplication, _("membership application")),
    (Organisation, _("organisation")),
)
_KIND = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class AuditEntry:
    """One change: when, by whom, what object, which fields (old → new)."""

    when: datetime
    who: str
    what: str
    object: str
    action: str
    changes: tuple[tuple[str, str, str], ...]


def _changes(record: Any) -> tuple[tuple[str, str, str], ...]:
    prev = record.prev_record
    if prev is None:
        return ()
    delta = record.diff_against(prev)
    return tuple((c.field, str(c.old), str(c.new)) for c in delta.changes)


def audit_trail(*, limit: int = 200) -> list[AuditEntry]:
    """Return the latest ``limit`` changes of the tracked models, newest first."""
    entries: list[AuditEntry] = []
    models = (*AUDITED, (get_user_model(), _("user account and permissions")))
    for model, label in models:
        for record in model.history.select_related("history_user").order_by("-history_date")[
            :limit
        ]:
            entries.append(
                AuditEntry(
                    when=record.history_date,
                    who=record.history_user.get_username() if record.history_user else "—",
                    what=str(label),
                    object=str(record.instance if hasattr(record, "instance") else record),
                    action=str(_KIND.get(record.history_type, record.history_type)),
                    changes=_changes(record),
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
