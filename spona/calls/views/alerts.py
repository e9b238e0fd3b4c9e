"""Saved searches with e-mail alerts, and unsubscribing from an alert's e-mail without signing in."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spona.calls import permissions, services
from spona.calls.forms import SavedSearchForm
from spona.calls.models import SavedSearch
from spona.core.models import Region, Sector
from spona.core.money import AmountError, parse_amount


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.filter(user=request.user).prefetch_related("sectors", "regions")
    return render(request, "calls/alert_list.html", {"searches": searches})


def _initial_from_query(request: HttpRequest) -> dict:
    """A search of the call list, offered as a saved search ("Get e-mails for this search"). What cannot be
    text (a NUL) is dropped: the form shows what is left, for the user to check before saving."""

    def query(key: str) -> str:
        return request.GET.get(key, "").replace("\x00", "")

    initial: dict = {"keywords": query("q")[:200]}
    initial["name"] = initial["keywords"] or _("New calls")
    sector = Sector.objects.filter(slug=query("sector")).first()
    if sector:
        initial["sectors"] = [sector.pk]
    region = Region.objects.filter(code=query("region")).first()
    if region:
        initial["regions"] = [region.pk]
    with contextlib.suppress(AmountError):
        initial["amount_min_eur"] = parse_amount(query("amount"))
    return initial


def _save(request: HttpRequest, search: SavedSearch | None) -> HttpResponse:
    form = SavedSearchForm(
        request.POST or None, instance=search, initial=None if search else _initial_from_query(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_search(
                user=request.user,
                search=search,
                fields={name: data[name] for name in form.Meta.fields if name not in ("sectors", "regions")},
                sectors=data["sectors"],
                regions=data["regions"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved. New calls that match will come by e-mail."))
            return redirect("calls:alert-list")
    return render(
        request,
        "calls/alert_form.html",
        {"form": form, "search": search},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def alert_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, permissions.get_search_for(request.user, pk))


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_search(user=request.user, search=permissions.get_search_for(request.user, pk))
    messages.success(request, _("The saved search is deleted."))
    return redirect("calls:alert-list")


@csrf_exempt  # the secret token is the credential; mail clients' one-click POST carries no CSRF token
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail's link asks, with a button, whether to stop the e-mails: opening it changes nothing, as
    mail scanners open every link. The button, and mail clients' one-click unsubscribe (RFC 8058), POST."""
    if request.method == "POST":
        search, state = services.unsubscribe(token=token), "stopped"
    else:
        search = services.search_for_token(token)
        state = "asking" if search is not None and search.is_active else "stopped"
    return _subscription_page(request, search, token, state)


@require_POST
def alert_resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _subscription_page(request, services.resubscribe(token=token), token, "resumed")


def _subscription_page(request: HttpRequest, search, token: str, state: str) -> HttpResponse:
    if search is None:
        raise Http404
    response = render(request, "calls/alert_unsubscribed.html", {"search": search, "token": token, "state": state})
    response["Cache-Control"] = "no-store"
    return response
