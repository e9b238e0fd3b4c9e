"""Public pages of capacity building: the assessment frameworks, so an organization sees what it will be
assessed on before it starts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from spona.capacity import selectors
from spona.capacity.models import Framework, FrameworkVersion


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = list(selectors.published_frameworks())
    return render(request, "capacity/framework_list.html", {"frameworks": frameworks})


def framework_detail(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug)
    published = framework.versions.filter(status=FrameworkVersion.Status.PUBLISHED)
    version = (published.filter(number=number) if number is not None else published.order_by("-number")).first()
    if version is None:
        raise Http404
    return render(
        request,
        "capacity/framework_detail.html",
        {
            "framework": framework,
            "version": selectors.version_with_content(version),
            "other_versions": published.exclude(pk=version.pk).order_by("-number"),
        },
    )
