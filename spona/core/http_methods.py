"""Only the HTTP methods the site uses are answered: TRACE, TRACK, CONNECT and the like get 405."""

from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class HttpMethodMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
