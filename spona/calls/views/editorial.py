"""Writing calls and news: organizations submit, editors write, schedule, publish and return them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.calls import permissions, selectors, services
from spona.calls.forms import AttachmentForm, CallForm, NewsForm, ReturnForm
from spona.calls.models import Call, CallAttachment, EditorialState, NewsPost
from spona.core.pagination import errors_text, show_on_form
from spona.core.stale_edits import StaleEdit
from spona.directory.permissions import published_organizations_of

KINDS = {"call": (Call, CallForm), "news": (NewsPost, NewsForm)}


def _model_and_form(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _edit(request: HttpRequest, kind: str, item) -> HttpResponse:
    model, form_class = _model_and_form(kind)
    editor = permissions.is_editor(request.user, model)
    organizations = published_organizations_of(request.user)
    if item.pk is None and not editor and not organizations:
        return render(request, "calls/item_form.html", {"kind": kind, "form": None, "item": item})
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=item,
        editor=editor,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(
                item=item,
                user=request.user,
                fields=form.item_fields(),
                relations=form.relations(),
                links=form.cleaned_data.get("links") if kind == "call" else None,
                expected_version=form.cleaned_data.get("version"),
                publish=form.cleaned_data["action"],
            )
        except StaleEdit as error:
            form.add_error(None, error)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _saved_message(saved))
            if kind == "call" and request.POST.get("then") == "attachments":
                return redirect("calls:call-edit", pk=saved.pk)
            return redirect(saved.get_absolute_url())
    attachments = list(item.attachments.all()) if kind == "call" and item.pk else []
    return render(
        request,
        "calls/item_form.html",
        {
            "kind": kind,
            "form": form,
            "item": item,
            "editor": editor,
            "attachments": attachments,
            "attachment_form": AttachmentForm(prefix="attachment") if kind == "call" and item.pk else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _saved_message(item) -> str:
    if item.state == EditorialState.SUBMITTED:
        return _("Saved and sent to the editors: you will get an e-mail when they decide.")
    if item.is_scheduled():
        return _("Saved: it will be published at the scheduled time.")
    if item.state == EditorialState.PUBLISHED:
        return _("Published.")
    return _("Saved as a draft.")


@login_required
def item_create(request: HttpRequest, kind: str) -> HttpResponse:
    model, _form = _model_and_form(kind)
    return _edit(request, kind, model())


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form = _model_and_form(kind)
    item = permissions.get_item_for(request.user, model, pk)
    return _edit(request, kind, item)


@login_required
@require_POST
def item_withdraw(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form = _model_and_form(kind)
    item = permissions.get_item_for(request.user, model, pk, check=permissions.can_withdraw_item)
    services.withdraw_item(item=item, user=request.user)
    messages.success(request, _("Withdrawn: it is no longer on the site."))
    return redirect("calls:my-items" if not permissions.is_editor(request.user) else "calls:editorial-queue")


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = permissions.get_item_for(request.user, Call, pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            services.add_attachment(
                call=call, user=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("calls:call-edit", pk=call.pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(CallAttachment.objects.select_related("call__organization"), pk=pk)
    if not permissions.can_edit_item(request.user, attachment.call):
        raise Http404
    services.remove_attachment(attachment=attachment, user=request.user)
    messages.success(request, _("Attachment removed."))
    return redirect("calls:call-edit", pk=attachment.call_id)


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    """What the user's organizations submitted, with where each item is in the workflow."""
    organizations = published_organizations_of(request.user)
    ids = [organization.pk for organization in organizations]
    calls = Call.objects.filter(organization_id__in=ids).order_by("-updated_at")[:100]
    news = NewsPost.objects.filter(organization_id__in=ids).order_by("-updated_at")[:100]
    return render(request, "calls/my_items.html", {"calls": calls, "news": news, "organizations": organizations})


def _require_editor(user) -> None:
    if not permissions.is_editor(user):
        raise Http404


@login_required
def editorial_queue(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    calls, news = selectors.editorial_queue()
    scheduled_calls = Call.objects.filter(state=EditorialState.PUBLISHED, publish_at__gt=timezone.now()).order_by(
        "publish_at"
    )
    scheduled_news = NewsPost.objects.filter(state=EditorialState.PUBLISHED, publish_at__gt=timezone.now()).order_by(
        "publish_at"
    )
    return render(
        request,
        "calls/editorial_queue.html",
        {
            "waiting": [("call", item) for item in calls] + [("news", item) for item in news],
            "scheduled": [("call", item) for item in scheduled_calls] + [("news", item) for item in scheduled_news],
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def item_approve(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_editor(request.user)
    model, _form = _model_and_form(kind)
    item = get_object_or_404(model, pk=pk)
    try:
        services.approve_item(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("Published: the submitter is told by e-mail."))
    return redirect("calls:editorial-queue")


@login_required
@require_POST
def item_return(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_editor(request.user)
    model, _form = _model_and_form(kind)
    item = get_object_or_404(model, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should change, so the submitter can revise it."))
        return redirect("calls:editorial-queue")
    try:
        services.return_item(item=item, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("Returned to the submitter with your note."))
    return redirect("calls:editorial-queue")
