"""Admin for users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from regiocluster.portal.accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Users with their role and organisation."""

    fieldsets = (*UserAdmin.fieldsets, ("Portal", {"fields": ("role", "organisation")}))
    list_display = ("username", "email", "role", "organisation", "is_staff")
    list_filter = ("role", "is_staff")
    raw_id_fields = ("organisation",)
