"""Sending a visitor back where a form came from (`next`), never to another site."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_to_next(request: HttpRequest, fallback) -> HttpResponseRedirect:
    """Redirect to the POSTed `next` when it is a path on this site, else to `fallback` (a URL or a model).

    `next` is taken only as a path ("/en/fair/..."): handed to redirect() any other text would be looked
    up as the name of a view, and a visitor's text must never choose that."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not any(character in target for character in "\x00\r\n")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback)
