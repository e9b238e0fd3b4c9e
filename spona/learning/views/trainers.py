"""Trainers' self-service: applying to the roster and editing one's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spona.learning import permissions, services
from spona.learning.forms import CertificateLookupForm, TrainerForm
from spona.learning.models import Certificate, Trainer


@login_required
def trainer_apply(request: HttpRequest) -> HttpResponse:
    existing = Trainer.objects.filter(user=request.user).first()
    if existing is not None:
        if existing.is_public:
            return redirect("learning:trainer-edit")
        messages.info(request, _("Your application is with the resource center's staff."))
        return redirect("learning:my-registrations")
    form = TrainerForm(request.POST or None, request.FILES or None, initial={"name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_as_trainer(user=request.user, fields=form.profile_fields(), relations=form.relations())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Staff will review your application and let you know by e-mail."))
            return redirect("learning:my-registrations")
    return render(request, "learning/trainer_form.html", {"form": form, "applying": True})


@login_required
def trainer_edit(request: HttpRequest) -> HttpResponse:
    trainer = Trainer.objects.filter(user=request.user).first()
    if trainer is None or not permissions.can_edit_trainer(request.user, trainer):
        raise Http404
    form = TrainerForm(request.POST or None, request.FILES or None, instance=trainer)
    if request.method == "POST" and form.is_valid():
        services.update_trainer(
            trainer=trainer, user=request.user, fields=form.profile_fields(), relations=form.relations()
        )
        messages.success(request, _("Your trainer profile is saved."))
        return redirect(trainer)
    return render(request, "learning/trainer_form.html", {"form": form, "trainer": trainer})


def certificate_verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Anyone can check a certificate by its code: a genuine one shows what it certifies."""
    form = CertificateLookupForm(request.GET or None) if code is None else CertificateLookupForm({"code": code})
    certificate = None
    looked_up = form.is_bound and form.is_valid()
    if looked_up:
        certificate = Certificate.objects.filter(code=form.cleaned_data["code"]).first()
    status = 404 if looked_up and certificate is None and code is not None else 200
    return render(
        request,
        "learning/certificate_verify.html",
        {"form": form, "certificate": certificate, "looked_up": looked_up},
        status=status,
    )
