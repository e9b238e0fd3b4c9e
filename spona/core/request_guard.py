"""Requests the site refuses before any view runs: methods it does not use (TRACE, TRACK, CONNECT and the
like get 405), and addresses holding a NUL byte (404: no page is named so). PostgreSQL cannot store or compare
a NUL, so a lookup by such a token would end in a server error. A NUL in a parameter is the forms' and the
filters' to reject, with the field's own error (the site's pages and the API alike)."""

from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext as _

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        if "\x00" in request.path:
            raise Http404(_("No page has this address."))
        return self.get_response(request)
