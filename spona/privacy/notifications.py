"""E-mails about personal data: requests for the staff who handle them and answers to those who asked,
organizations left without members, and the warning before an unused account is anonymized."""

from spona.accounts.permissions import staff_with_permission
from spona.core.mail import page_link, queue_email
from spona.directory.models import Organization
from spona.directory.permissions import MODERATE
from spona.privacy.models import DataRequest

HANDLE_REQUESTS = "privacy.change_datarequest"


def notify_of_request(request_id: int) -> None:
    request = DataRequest.objects.get(pk=request_id)
    queue_email(
        recipients=list(staff_with_permission(HANDLE_REQUESTS)),
        template="email/data_request_received",
        context={"request": request, "url": page_link("admin:privacy_datarequest_change", request.pk)},
    )
    if request.email:
        queue_email(
            recipients=[request.email], template="email/data_request_acknowledged", context={"request": request}
        )


def notify_requester_of_removal(request_id: int) -> None:
    request = DataRequest.objects.get(pk=request_id)
    if request.email:
        queue_email(recipients=[request.email], template="email/data_request_done", context={"request": request})


def notify_staff_of_organizations_left_alone(organization_ids: list[int]) -> None:
    organizations = list(Organization.objects.filter(pk__in=organization_ids).order_by("name"))
    queue_email(
        recipients=list(staff_with_permission(MODERATE)),
        template="email/organizations_left_alone",
        context={"organizations": organizations, "url": page_link("directory:moderation-queue")},
    )


def warn_of_anonymization(user, *, days: int) -> None:
    queue_email(
        recipients=[user],
        template="email/unused_account_warning",
        context={"user": user, "days": days, "url": page_link("account_login")},
    )
