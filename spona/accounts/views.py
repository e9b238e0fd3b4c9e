"""A signed-in user's own page: their organizations, requests and language."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spona.directory.selectors import memberships_of


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {"memberships": memberships_of(request.user)})
