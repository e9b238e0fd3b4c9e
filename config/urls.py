"""Top-level URL configuration: the API outside language prefixes, every page inside them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from spona.api.urls import api
from spona.core.csp_reports import csp_report

urlpatterns = [
    path("api/", api.urls),
    path("csp-report/", csp_report, name="csp-report"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("spona.accounts.urls")),
    path("directory/", include("spona.directory.urls")),
    path("trainings/", include("spona.learning.urls")),
    path("fair/", include("spona.fair.urls")),
    path("capacity/", include("spona.capacity.urls")),
    path("", include("spona.calls.urls")),
    path("", include("spona.privacy.urls")),
    path("", include("spona.portal.urls")),
)

if settings.DEBUG or settings.SPONA["SERVE_MEDIA"]:
    # Public uploads (logos, photos, news images); in production the proxy may serve MEDIA_ROOT instead.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
