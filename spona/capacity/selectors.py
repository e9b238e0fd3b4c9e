"""Reads of the capacity-building app."""

from django.db.models import Prefetch, QuerySet

from spona.capacity.models import Domain, Framework, FrameworkVersion, Subarea


def published_frameworks() -> QuerySet[Framework]:
    return (
        Framework.objects.filter(versions__status=FrameworkVersion.Status.PUBLISHED)
        .distinct()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).prefetch_related(
                    "domains"
                ),
                to_attr="published_versions",
            )
        )
        .order_by("name_en")
    )


def version_with_content(version: FrameworkVersion) -> FrameworkVersion:
    """The version with its scale, domains, sub-areas and descriptors fetched in five queries."""
    return (
        FrameworkVersion.objects.select_related("framework")
        .prefetch_related(
            "levels",
            Prefetch(
                "domains",
                queryset=Domain.objects.select_related("capacity_domain").prefetch_related(
                    Prefetch("subareas", queryset=Subarea.objects.prefetch_related("descriptors"))
                ),
            ),
        )
        .get(pk=version.pk)
    )
