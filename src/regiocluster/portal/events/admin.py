"""Admin for events."""

from django.contrib import admin

from regiocluster.portal.events import models
from regiocluster.portal.members.admin import PortalAdmin

admin.site.register(
    models.Event, PortalAdmin, list_display=("slug", "kind", "title_ru", "starts", "capacity")
)
admin.site.register(models.Room, PortalAdmin, list_display=("name_ru", "event", "seats"))
admin.site.register(
    models.Speaker, PortalAdmin, list_display=("name_ru", "affiliation_ru", "event")
)
admin.site.register(
    models.Session, PortalAdmin, list_display=("title_ru", "event", "room", "starts", "ends")
)
admin.site.register(
    models.Registration, PortalAdmin, list_display=("event", "user", "status", "created")
)
admin.site.register(models.Need, PortalAdmin, list_display=("event", "request", "created"))
admin.site.register(
    models.Meeting,
    PortalAdmin,
    list_display=("event", "buyer", "supplier", "status", "slot", "table", "fixed"),
)
admin.site.register(
    models.Outcome, PortalAdmin, list_display=("meeting", "side", "result", "value")
)
