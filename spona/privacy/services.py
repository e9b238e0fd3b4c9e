"""A person's rights over their data, through the registry every app fills (registry.py): the export of
everything kept about them, consents given and withdrawn, erasure of the account, requests to staff,
the audit of staff looking at organizations' private data, and the daily retention run."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_can
from spona.directory.models import Organization
from spona.directory.permissions import is_member
from spona.directory.personal_data import remove_contact_people
from spona.privacy import notifications
from spona.privacy.models import Consent, DataRequest, DonorFigures, PrivateDataView, RetentionPeriod
from spona.privacy.registry import registry

HANDLE_REQUESTS = "privacy.change_datarequest"


# The export ------------------------------------------------------------------------------------------------


def export_person(user) -> dict:
    """Everything the site keeps about `user`, by category and holding, in the person's own language."""
    with translation.override(user.language or None):
        categories = []
        for category in sorted(registry.categories.values(), key=lambda category: category.order):
            sections = []
            for holding in registry.holdings:
                if holding.category != category.key:
                    continue
                rows = [holding.export(row) for row in holding.rows(user)]
                rows = [row for row in rows if row]
                if rows:
                    sections.append({"title": str(holding.title), "rows": rows})
            if sections:
                categories.append({"key": category.key, "title": str(category.title), "sections": sections})
        return {"generated_at": timezone.now(), "categories": categories}


# Consents --------------------------------------------------------------------------------------------------


def active_consent(user, purpose: str) -> Consent | None:
    consent = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if consent is not None and consent.text_version != registry.consents[purpose].version:
        return None  # agreed to an earlier text: to be asked again
    return consent


@transaction.atomic
def give_consent(*, user, purpose: str, now: datetime.datetime | None = None) -> Consent:
    """Record `user`'s agreement to the current text of `purpose` (an earlier agreement ends)."""
    declared = registry.consents.get(purpose)
    if declared is None:
        raise ValidationError(_("There is no such consent."))
    current = active_consent(user, purpose)
    if current is not None:
        return current
    now = now or timezone.now()
    Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=now)
    return Consent.objects.create(user=user, purpose=purpose, text_version=declared.version, given_at=now)


@transaction.atomic
def withdraw_consent(*, user, purpose: str, now: datetime.datetime | None = None) -> bool:
    """Withdraw at once: what the consent allowed stops, and what it collected is removed."""
    declared = registry.consents.get(purpose)
    if declared is None:
        raise ValidationError(_("There is no such consent."))
    withdrawn = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=now or timezone.now()
    )
    declared.withdraw(user)
    return bool(withdrawn)


@transaction.atomic
def save_donor_figures(*, user, sex: str, age_group: str, now: datetime.datetime | None = None) -> DonorFigures:
    consent = give_consent(user=user, purpose="donor-figures", now=now)
    answers, _created = DonorFigures.objects.update_or_create(
        user=user, defaults={"sex": sex, "age_group": age_group, "consent": consent}
    )
    return answers


# Erasure ---------------------------------------------------------------------------------------------------


@dataclass
class ErasureReport:
    organizations_left_alone: list[Organization] = field(default_factory=list)


def organizations_to_hand_over(user) -> list[Organization]:
    """Organizations where `user` is the only administrator while others are members: they hand it over first."""
    blocking = []
    for membership in Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
    ).select_related("organization"):
        others = Membership.objects.filter(organization=membership.organization, status=Membership.Status.ACTIVE)
        others = others.exclude(user=user)
        if others.exists() and not others.filter(role=Membership.Role.ADMIN).exists():
            blocking.append(membership.organization)
    return blocking


def _organizations_left_without_members(user) -> list[Organization]:
    alone = []
    for membership in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related(
        "organization"
    ):
        others = Membership.objects.filter(organization=membership.organization, status=Membership.Status.ACTIVE)
        if not others.exclude(user=user).exists():
            alone.append(membership.organization)
    return alone


@transaction.atomic
def erase_person(*, user, requested_by, now: datetime.datetime | None = None) -> ErasureReport:
    """Erase or anonymize everything the site keeps about `user`, as each app declares. What others rely on
    stays, without the person: figures, certificates (valid, without the name), organizations' profiles, the
    other side's meetings. Asked by the person, by staff handling a request, or (`requested_by=None`) by the
    retention rule for unused accounts."""
    if requested_by is not None and requested_by.pk != user.pk and not staff_can(requested_by, HANDLE_REQUESTS):
        raise PermissionDenied
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    blocking = organizations_to_hand_over(user)
    if blocking:
        raise ValidationError(
            _("First name another administrator of %(names)s: its members would be left without one.")
            % {"names": ", ".join(organization.name for organization in blocking)}
        )
    report = ErasureReport(organizations_left_alone=_organizations_left_without_members(user))
    for holding in registry.in_erasure_order():
        holding.erase(user)
    DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE,
        status=DataRequest.Status.DONE,
        received_at=now or timezone.now(),
        handled_at=now or timezone.now(),
        handled_by=None if requested_by is None or requested_by.pk == user.pk else requested_by,
        note=_erasure_note(user, requested_by),
    )
    alone = [organization.pk for organization in report.organizations_left_alone]
    if alone:
        transaction.on_commit(lambda: notifications.notify_staff_of_organizations_left_alone(alone))
    return report


def _erasure_note(user, requested_by) -> str:
    if requested_by is None:
        return _("Account anonymized after years unused, and a warning.")
    if requested_by.pk == user.pk:
        return _("Account erased at the person's request.")
    return _("Account erased by staff.")


# Requests to staff -------------------------------------------------------------------------------------------


@transaction.atomic
def ask_for_contact_removal(*, name: str, email: str, organization_name: str, message: str) -> DataRequest:
    """Someone an organization names as its contact person (they have no account) asks to be removed."""
    request = DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE,
        about=DataRequest.About.CONTACT_PERSON,
        name=name,
        email=email,
        organization_name=organization_name,
        message=message,
    )
    transaction.on_commit(lambda: notifications.notify_of_request(request.pk))
    return request


@transaction.atomic
def remove_requested_contact_people(*, request: DataRequest, staff_user, now: datetime.datetime | None = None) -> int:
    """Staff carry out a contact person's request: every contact person with that address goes."""
    if not staff_can(staff_user, HANDLE_REQUESTS):
        raise PermissionDenied
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.about != DataRequest.About.CONTACT_PERSON or request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("Only an open request of a contact person is carried out this way."))
    removed = remove_contact_people(request.email)
    request.status = DataRequest.Status.DONE
    request.handled_by = staff_user
    request.handled_at = now or timezone.now()
    request.note = _("%(count)s contact person entries removed.") % {"count": removed}
    request.save(update_fields=["status", "handled_by", "handled_at", "note"])
    transaction.on_commit(lambda: notifications.notify_requester_of_removal(request.pk))
    return removed


# The audit of staff ------------------------------------------------------------------------------------------


def record_staff_view(user, organization: Organization, what: str) -> None:
    """Note that staff saw an organization's private data they do not see as one of its members."""
    if user.is_authenticated and user.is_staff and not is_member(user, organization):
        PrivateDataView.objects.create(staff_user=user, organization=organization, what=what)


# Retention -----------------------------------------------------------------------------------------------


def retention_days(code: str) -> int:
    rule = registry.retention[code]
    period, _created = RetentionPeriod.objects.get_or_create(code=code, defaults={"days": rule.default_days})
    return period.days


def ensure_retention_periods() -> None:
    for code in registry.retention:
        retention_days(code)


def apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Each rule with its period (0 days: the rule is off); returns how many rows each removed."""
    now = now or timezone.now()
    done = {}
    for code, rule in sorted(registry.retention.items()):
        days = retention_days(code)
        done[code] = rule.apply(days=days, now=now) if days else 0
    return done
