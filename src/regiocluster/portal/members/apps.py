"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Member registry."""

    name = "regiocluster.portal.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        """Connect the data-version signals so cached pages follow every change."""
        from django.db.backends.signals import connection_created

        from regiocluster.portal import sqlite
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
        connection_created.connect(sqlite.install, dispatch_uid="portal-unicode-like")
