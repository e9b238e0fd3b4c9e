"""Walking the hierarchy of regions (entity > canton; province > district) for filters and matching."""

from collections.abc import Iterable

from spona.core.models import Region


def region_parents() -> dict[int, int | None]:
    return dict(Region.objects.values_list("pk", "parent_id"))


def with_ancestors(region_ids: Iterable[int], parents: dict[int, int | None]) -> frozenset[int]:
    """The regions and every region above them."""
    found: set[int] = set()
    for start in region_ids:
        current = start
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return frozenset(found)


def with_descendants(region_id: int, parents: dict[int, int | None]) -> frozenset[int]:
    """The region and every region below it."""
    below, frontier = {region_id}, {region_id}
    while frontier:
        frontier = {pk for pk, parent in parents.items() if parent in frontier and pk not in below}
        below |= frontier
    return frozenset(below)
