"""One disclosure policy for the pages and the API: who sees which part of the exchange.

- A request's budget and delivery coordinates: its owner and the cluster manager.
- A request's buyer: see :func:`~regiocluster.portal.exchange.selectors.buyer_visible`.
- An offer's organisation: the owner and the cluster manager; everyone else sees
  an anonymous cluster member, so offers cannot be linked to their owners.
- An anonymous supplier in a request's matches: no organisation, no district and
  no deal count (the ``deals`` reason) until both sides agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from regiocluster.portal.accounts.permissions import can_edit, sees_identities

#: Request fields only its owner and the manager see.
REQUEST_PRIVATE_FIELDS = ("budget", "lon", "lat")
#: Match reasons that would identify an anonymous supplier.
IDENTIFYING_REASONS = frozenset({"deals"})


def request_private_visible(*, request: Any, user: Any) -> bool:
    """Whether ``user`` sees the budget and the delivery coordinates of ``request``."""
    return can_edit(user, request)


def offer_owner_visible(*, offer: Any, user: Any) -> bool:
    """Whether ``user`` sees which organisation posted ``offer``."""
    if sees_identities(user):
        return True
    org_id = getattr(user, "organisation_id", None)
    return org_id is not None and org_id == offer.organisation_id


def anonymous_reasons(reasons: Iterable[Any], *, revealed: bool) -> list[Any]:
    """Return the match reasons that may be shown about a supplier (all once revealed)."""
    return [r for r in reasons if revealed or r.code not in IDENTIFYING_REASONS]
