"""The portal's user: one role, and for member representatives one organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles of signed-in users (a visitor is simply not signed in)."""

    MEMBER = "member", _("Member representative")
    MANAGER = "manager", _("Cluster manager")
    OBSERVER = "observer", _("Government observer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A portal user with a role; member representatives belong to one organisation."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representatives",
    )
    #: Changes of role, organisation, staff and superuser flags and groups (not passwords).
    history = HistoricalRecords(
        excluded_fields=["password", "last_login"], m2m_fields=["groups", "user_permissions"]
    )

    @property
    def is_manager(self) -> bool:
        """Cluster manager or administrator: runs the portal."""
        return self.role in (Role.MANAGER, Role.ADMIN) or self.is_superuser

    @property
    def is_observer(self) -> bool:
        """Government observer: reads everything, changes nothing."""
        return self.role == Role.OBSERVER

    @property
    def is_member_rep(self) -> bool:
        """Member representative with an organisation."""
        return self.role == Role.MEMBER and self.organisation_id is not None


class SignInSlot(models.Model):
    """A password check in flight for one sign-in key (user name and client).

    Taken before the password is checked and dropped once the outcome is
    recorded (:mod:`regiocluster.portal.accounts.signin`), so simultaneous
    guesses count against the limit before their failures are stored.
    """

    key = models.CharField(max_length=128, db_index=True)
    started = models.DateTimeField()
