"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Forum, suppliers' conference and B2B meetings."""

    name = "regiocluster.portal.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        """Connect the data-version signals so cached pages follow every change."""
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
