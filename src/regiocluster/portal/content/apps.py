"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """News, documents and pages."""

    name = "regiocluster.portal.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        """Connect the data-version signals so cached pages follow every change."""
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
