"""Root URLs: pages under a language prefix (/ru/, /en/), the API and admin outside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.static import serve as static_serve

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("regiocluster.portal.api.urls")),
    path("admin/", admin.site.urls),
    # uploaded documents: signed-in users only
    path("media/<path:path>", login_required(static_serve), {"document_root": settings.MEDIA_ROOT}),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("regiocluster.portal.accounts.urls")),
    path("", include("regiocluster.portal.members.urls")),
    path("exchange/", include("regiocluster.portal.exchange.urls")),
    path("programme/", include("regiocluster.portal.programme.urls")),
    path("", include("regiocluster.portal.content.urls")),
    prefix_default_language=True,
)
