"""A signed-in user's own page: their organizations, requests, name and language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spona.accounts import services
from spona.accounts.forms import ProfileForm
from spona.accounts.permissions import is_staff_member
from spona.accounts.staff_work import staff_work_for
from spona.directory.selectors import memberships_of
from spona.fair.selectors import fair_overview_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            user=request.user, full_name=form.cleaned_data["full_name"], language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships_of(request.user),
            "profile_form": form,
            "fair": fair_overview_for(request.user),
            "staff_work": staff_work_for(request.user),
            "opens_admin": is_staff_member(request.user),  # the admin's door; inside, each group sees its own
        },
    )
