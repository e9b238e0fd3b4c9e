"""Requests the site refuses before any view runs: methods it does not use (TRACE, TRACK, CONNECT and the
like get 405), and addresses holding a NUL byte (404: no page is named so). PostgreSQL cannot store or compare
a NUL, so a lookup by such a token would end in a server error. In the API, a NUL in a parameter gets a 400 in
JSON; the site's forms and filters reject one in a field with the field's own error."""

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _parameters_hold_nul(request) -> bool:
    parameters = [request.GET]
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        parameters.append(request.POST)
    return any(
        "\x00" in key or "\x00" in value for query in parameters for key, values in query.lists() for value in values
    )


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        if "\x00" in request.path:
            raise Http404(_("No page has this address."))
        if request.path.startswith("/api/") and _parameters_hold_nul(request):
            return JsonResponse({"detail": _("A parameter holds a character no text can contain (NUL).")}, status=400)
        return self.get_response(request)
