"""Public pages: the call and news lists and pages, calls for my organization, feeds, attachments."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.calls import eligibility, feeds, permissions, selectors, services
from spona.calls.filters import CallFilterSet, NewsFilterSet
from spona.calls.models import Call, CallAttachment, CallDismissal, EditorialState, NewsPost
from spona.core.calendars import calendar_response
from spona.core.files import private_file_response
from spona.core.page_cache import public_page
from spona.core.pagination import list_page, parse_page_number
from spona.core.redirects import redirect_to_next
from spona.directory.permissions import published_organizations_of
from spona.directory.selectors import waiting_for

ALERT_FIELDS = ("q", "sector", "region", "amount")


@public_page(area="calls")
def call_list(request: HttpRequest) -> HttpResponse:
    filterset = CallFilterSet(request.GET or None, queryset=selectors.public_calls())
    context, status = list_page(request, filterset, selectors.call_page)
    alert_query = request.GET.copy()
    for key in list(alert_query.keys()):
        if key not in ALERT_FIELDS:
            del alert_query[key]
    context["status"] = filterset.cleaned("status", "open")
    context["alert_query"] = alert_query.urlencode()
    return render(request, "calls/call_list.html", context, status=status)


def _gone(request: HttpRequest, item) -> HttpResponse:
    """A withdrawn item that was once public says so at its address; one that never was is not there."""
    if item.publish_at is None or item.publish_at > timezone.now():
        raise Http404
    return render(request, "calls/item_gone.html", {"item": item}, status=410)


@public_page(area="calls")
def call_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    call = selectors.call_for_page(pk)
    if call is None:
        raise Http404
    if not call.is_public():
        if call.state == EditorialState.WITHDRAWN and not permissions.can_preview_item(request.user, call):
            return _gone(request, call)
        if not permissions.can_preview_item(request.user, call):
            raise Http404
    if slug != call.slug:
        return redirect(call, permanent=True)
    checks = []
    dismissed = False
    if request.user.is_authenticated:
        for organization in published_organizations_of(request.user):
            found = eligibility.checks(call, eligibility.Applicant.of(organization))
            checks.append((organization, eligibility.is_eligible(found), found))
        dismissed = CallDismissal.objects.filter(user=request.user, call=call).exists()
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "checks": checks,
            "dismissed": dismissed,
            "can_edit": permissions.can_edit_item(request.user, call),
            "is_public": call.is_public(),
        },
    )


@login_required
def call_matches(request: HttpRequest) -> HttpResponse:
    """Open calls the user's organization may apply to, each with the reasons, minus those marked not
    relevant (shown on request)."""
    organizations = published_organizations_of(request.user)
    if not organizations:
        return render(request, "calls/call_matches.html", {"organizations": [], "waiting": waiting_for(request.user)})
    chosen = organizations[0]
    wanted = request.GET.get("organization", "")
    for organization in organizations:
        if str(organization.pk) == wanted:
            chosen = organization
    show_dismissed = request.GET.get("dismissed") == "1"
    dismissed = selectors.dismissed_ids(request.user)
    applicant = eligibility.Applicant.of(chosen)  # read once for the whole page
    queryset = eligibility.eligible_calls(selectors.open_calls(), applicant)
    queryset = queryset.filter(pk__in=dismissed) if show_dismissed else queryset.exclude(pk__in=dismissed)
    queryset = queryset.order_by("deadline", "pk")
    page_number = parse_page_number(request.GET.get("page"))
    page = selectors.paginate(
        queryset,
        page_number,
        lambda ids: selectors.with_call_card_relations(Call.objects.filter(pk__in=ids)).prefetch_related(
            "regions", "legal_forms"
        ),
    )
    rows = [(call, eligibility.checks(call, applicant)) for call in page.items]
    return render(
        request,
        "calls/call_matches.html",
        {
            "organizations": organizations,
            "chosen": chosen,
            "page": page,
            "rows": rows,
            "show_dismissed": show_dismissed,
            "dismissed_count": len(dismissed),
            "query_string": f"organization={chosen.pk}" + ("&dismissed=1" if show_dismissed else ""),
        },
    )


@login_required
@require_POST
def call_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.public_calls(), pk=pk)
    services.dismiss_call(user=request.user, call=call)
    messages.success(request, _("Marked as not relevant: it will not appear in your alerts or matches."))
    return redirect_to_next(request, call)


@login_required
@require_POST
def call_restore(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.public_calls(), pk=pk)
    services.restore_call(user=request.user, call=call)
    messages.success(request, _("The call appears in your alerts and matches again."))
    return redirect_to_next(request, call)


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(CallAttachment.objects.select_related("call__organization"), pk=pk)
    call = attachment.call
    if not (call.is_public() or permissions.can_preview_item(request.user, call)):
        raise Http404
    return private_file_response(
        attachment.file, filename=attachment.download_name, content_type=attachment.content_type
    )


def _absolute(item) -> str:
    return f"{settings.SITE_URL}{item.get_absolute_url()}"


def call_deadlines(request: HttpRequest) -> HttpResponse:
    """Deadlines of open calls and of those closed in the last month."""
    since = timezone.now() - datetime.timedelta(days=31)
    calls = selectors.public_calls().filter(deadline__gte=since).order_by("deadline")
    content = feeds.deadlines_calendar(calls, name=_("Spona: call deadlines"), url_for=_absolute)
    return calendar_response(content, filename="call-deadlines.ics")


@public_page(area="calls")
def news_list(request: HttpRequest) -> HttpResponse:
    filterset = NewsFilterSet(request.GET or None, queryset=selectors.public_news())
    context, status = list_page(request, filterset, selectors.news_page)
    return render(request, "calls/news_list.html", context, status=status)


@public_page(area="calls")
def news_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    post = get_object_or_404(NewsPost.objects.prefetch_related("tags", "sectors").select_related("organization"), pk=pk)
    if not post.is_public():
        if post.state == EditorialState.WITHDRAWN and not permissions.can_preview_item(request.user, post):
            return _gone(request, post)
        if not permissions.can_preview_item(request.user, post):
            raise Http404
    if slug != post.slug:
        return redirect(post, permanent=True)
    return render(
        request,
        "calls/news_detail.html",
        {"post": post, "can_edit": permissions.can_edit_item(request.user, post), "is_public": post.is_public()},
    )
