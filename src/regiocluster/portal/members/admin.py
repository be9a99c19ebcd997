"""Admin for the member registry."""

from django.contrib import admin

from regiocluster.portal.members import models

admin.site.register(models.Region, list_display=("region_id", "name_ru", "name_en", "kind"))
admin.site.register(
    models.Organisation,
    list_display=("case_id", "name", "inn", "kind", "region", "is_member", "synthetic"),
    list_filter=("kind", "is_member", "synthetic"),
    search_fields=("name", "inn", "case_id"),
)
admin.site.register(models.Person, list_display=("full_name", "organisation", "position"))
admin.site.register(models.Product, list_display=("product_id", "name_ru", "okpd2", "hs", "unit"))
admin.site.register(
    models.Capacity, list_display=("organisation", "product", "year", "capacity", "output")
)
admin.site.register(models.Finance, list_display=("organisation", "year", "revenue", "purchases"))
admin.site.register(
    models.Certificate, list_display=("organisation", "code", "valid_from", "expires")
)
admin.site.register(models.Document, list_display=("organisation", "title", "uploaded"))
admin.site.register(
    models.MembershipApplication, list_display=("organisation_name", "inn", "status", "created")
)
admin.site.register(models.CaseSource, list_display=("name", "path", "loaded"))
