"""Pages of personal data: the privacy policy, "My data" (page and download), consents, deleting one's
account, and contact people asking to be removed."""

import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.core.pagination import errors_text
from spona.privacy import services
from spona.privacy.forms import ContactRemovalForm, DeleteAccountForm, DonorFiguresForm
from spona.privacy.models import DonorFigures
from spona.privacy.registry import registry


def privacy_policy(request: HttpRequest) -> HttpResponse:
    """What is collected, why, who sees it and for how long: written from what each app declares."""
    categories = sorted(registry.categories.values(), key=lambda category: category.order)
    return render(
        request,
        "privacy/policy.html",
        {
            "categories": categories,
            "consents": list(registry.consents.values()),
            "periods": [
                (rule.title, services.retention_days(code)) for code, rule in sorted(registry.retention.items())
            ],
            "contact_email": settings.SPONA["PRIVACY_EMAIL"],
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html", {"export": services.export_person(request.user)})


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    content = json.dumps(services.export_person(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spona-my-data-{timezone.localdate().isoformat()}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_consents(request: HttpRequest) -> HttpResponse:
    answers = DonorFigures.objects.filter(user=request.user).first()
    form = DonorFiguresForm(
        request.POST or None,
        initial={"sex": answers.sex, "age_group": answers.age_group, "agree": True} if answers else None,
    )
    if request.method == "POST" and form.is_valid():
        services.save_donor_figures(
            user=request.user, sex=form.cleaned_data["sex"], age_group=form.cleaned_data["age_group"]
        )
        messages.success(request, _("Thank you: your answers are saved, and you can withdraw them at any time."))
        return redirect("privacy:consents")
    purposes = [
        (purpose, services.active_consent(request.user, purpose.code)) for purpose in registry.consents.values()
    ]
    return render(
        request,
        "privacy/consents.html",
        {"purposes": purposes, "form": form, "answers": answers},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, purpose: str) -> HttpResponse:
    if purpose not in registry.consents:
        raise Http404
    services.withdraw_consent(user=request.user, purpose=purpose)
    messages.success(request, _("The consent is withdrawn, and what it allowed us to keep is deleted."))
    return redirect("privacy:consents")


@login_required
@reauthentication_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Erase one's account; needs a fresh sign-in, and hands over what others rely on first."""
    form = DeleteAccountForm(request.POST or None)
    blocking = services.organizations_to_hand_over(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_person(user=request.user, requested_by=request.user)
        except ValidationError as error:
            form.add_error(None, errors_text(error))
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for having been part of Spona."))
            return redirect("portal:home")
    return render(
        request,
        "privacy/account_delete.html",
        {"form": form, "blocking": blocking},
        status=400 if request.method == "POST" else 200,
    )


def contact_removal(request: HttpRequest) -> HttpResponse:
    """A contact person of an organization (without an account) asks to be removed; staff carry it out."""
    form = ContactRemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.ask_for_contact_removal(**form.cleaned_data)
        return render(request, "privacy/contact_removal.html", {"sent": True})
    return render(
        request, "privacy/contact_removal.html", {"form": form}, status=400 if request.method == "POST" else 200
    )
