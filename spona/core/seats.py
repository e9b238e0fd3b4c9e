"""Seats and a waitlist, for whatever people register for in limited numbers: training sessions today, events
next. One place for the arithmetic: how many seats are taken and left, whether one is free (in all, and within
a group's share, such as an organization's), who is next on the waitlist, and everyone's place in it.

A booking (a registration) belongs to an offering (a session) and holds a seat, waits for one, or neither, by
its status. The waitlist is in the order people joined it (`joined_field`, else when the booking was made).
Counting and taking seats must happen with the offering's row locked by the caller, so that two bookings never
count the same free seat (see spona.learning.services._locked_session).
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Model, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber


def seats_left(capacity: int, taken: int) -> int:
    return max(capacity - taken, 0)


@dataclass(frozen=True)
class Seating:
    booking: type[Model]  # the model whose rows hold seats, such as Registration
    offering_field: str  # its foreign key to what has the seats, such as "session"
    seat_statuses: tuple[str, ...]
    waiting_status: str
    group_field: str = "organization_id"  # a group's share of the seats is counted by this
    joined_field: str = "waitlisted_at"

    def _waitlist_order(self) -> list:
        return [Coalesce(self.joined_field, "created_at").asc(), F("pk").asc()]

    # Counting ---------------------------------------------------------------------------------------

    def holding(self, bookings: QuerySet) -> QuerySet:
        return bookings.filter(status__in=self.seat_statuses)

    def taken(self, bookings: QuerySet) -> int:
        """Seats held among `bookings` (one offering's)."""
        return self.holding(bookings).count()

    def waiting(self, bookings: QuerySet) -> int:
        return bookings.filter(status=self.waiting_status).count()

    def taken_annotation(self):
        """Seats taken, as an annotation of a queryset of offerings: counted per offering through the
        (offering, status) index, where a join and GROUP BY over every booking would cost far more."""
        seats = (
            self.booking._default_manager.filter(
                **{self.offering_field: OuterRef("pk"), "status__in": self.seat_statuses}
            )
            .order_by()
            .values(self.offering_field)
            .annotate(taken=Count("pk"))
            .values("taken")
        )
        return Coalesce(Subquery(seats, output_field=IntegerField()), 0)

    # Taking and giving seats (the offering is locked) -------------------------------------------------

    def has_free_seat(
        self, bookings: QuerySet, *, capacity: int, per_group: int | None = None, group_id: int | None = None
    ) -> bool:
        held = self.holding(bookings)
        if held.count() >= capacity:
            return False
        if per_group and group_id is not None:
            return held.filter(**{self.group_field: group_id}).count() < per_group
        return True

    def next_in_line(self, bookings: QuerySet, *, capacity: int, per_group: int | None = None) -> list:
        """Who on the waitlist gets the free seats, in the order they joined: the first who fit, skipping
        those whose group's share is full (the next person may still fit)."""
        held = self.holding(bookings)
        taken = held.count()
        by_group = dict(held.order_by().values_list(self.group_field).annotate(n=Count("pk")))
        chosen = []
        for booking in bookings.filter(status=self.waiting_status).order_by(*self._waitlist_order()):
            if taken >= capacity:
                break
            group = getattr(booking, self.group_field)
            if per_group and group is not None and by_group.get(group, 0) >= per_group:
                continue
            chosen.append(booking)
            taken += 1
            if group is not None:
                by_group[group] = by_group.get(group, 0) + 1
        return chosen

    # Places on the waitlist -----------------------------------------------------------------------------

    def positions(self, bookings: QuerySet) -> dict[int, int]:
        """Each waiting booking's place on its offering's waitlist (1: the next to get a seat), for every
        booking of `bookings`' offerings, in one query however many there are."""
        waiting = bookings.filter(status=self.waiting_status).annotate(
            position=Window(RowNumber(), partition_by=[F(self.offering_field)], order_by=self._waitlist_order())
        )
        return dict(waiting.values_list("pk", "position"))


class SeatsNotCounted(RuntimeError):
    """Seats were asked of an offering read without its `seats_taken` annotation: counting them row by row
    would be a query per row, so the caller must read offerings with `Seating.taken_annotation()`."""
