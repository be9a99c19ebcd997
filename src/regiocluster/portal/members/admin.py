"""Admin for the member registry."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from regiocluster.portal.members import models as m


class PortalAdmin(SimpleHistoryAdmin):
    """Admin defaults: URL fields assume https (the Django 6 default); history of tracked models."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


admin.site.register(m.Region, PortalAdmin, list_display=("region_id", "name_ru", "name_en", "kind"))
admin.site.register(
    m.Organisation,
    PortalAdmin,
    list_display=("case_id", "name", "inn", "kind", "region", "is_member", "synthetic"),
    list_filter=("kind", "is_member", "synthetic"),
    search_fields=("name", "inn", "case_id"),
)
admin.site.register(m.Person, PortalAdmin, list_display=("full_name", "organisation", "position"))
admin.site.register(
    m.Product, PortalAdmin, list_display=("product_id", "name_ru", "okpd2", "hs", "unit")
)
admin.site.register(
    m.Capacity, PortalAdmin, list_display=("organisation", "product", "year", "capacity", "output")
)
admin.site.register(
    m.Finance, PortalAdmin, list_display=("organisation", "year", "revenue", "purchases")
)
admin.site.register(
    m.Certificate, PortalAdmin, list_display=("organisation", "code", "valid_from", "expires")
)
admin.site.register(m.Document, PortalAdmin, list_display=("organisation", "title", "uploaded"))
admin.site.register(
    m.MembershipApplication,
    PortalAdmin,
    list_display=("organisation_name", "inn", "status", "created"),
)
admin.site.register(m.CaseSource, PortalAdmin, list_display=("name", "path", "loaded"))
