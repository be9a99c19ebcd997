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
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
