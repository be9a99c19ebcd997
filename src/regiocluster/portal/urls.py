"""Root URLs: pages under a language prefix (/ru/, /en/), the API and admin outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from regiocluster.portal.members.views import media_file

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("regiocluster.portal.api.urls")),
    path("admin/", admin.site.urls),
    # uploaded documents: each file's visibility decides (public, members, owner + manager)
    path("media/<path:path>", media_file, name="media"),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("regiocluster.portal.accounts.urls")),
    path("", include("regiocluster.portal.members.urls")),
    path("exchange/", include("regiocluster.portal.exchange.urls")),
    path("events/", include("regiocluster.portal.events.urls")),
    path("programme/", include("regiocluster.portal.programme.urls")),
    path("development/", include("regiocluster.portal.development.urls")),
    path("", include("regiocluster.portal.content.urls")),
    prefix_default_language=True,
)
