"""E-mails of the editorial workflow: a submission for the editors, the decision for the submitter."""

from spona.accounts.permissions import staff_with_permission
from spona.calls import permissions
from spona.calls.models import Call, EditorialItem
from spona.core.mail import object_link, page_link, queue_email


def _kind(item: EditorialItem) -> str:
    return "call" if isinstance(item, Call) else "news"


def notify_submitted(item: EditorialItem) -> None:
    editors = staff_with_permission(permissions.editing_permission(type(item)))
    queue_email(
        recipients=list(editors),
        template="email/item_submitted",
        context={"item": item, "kind": _kind(item), "url": page_link("calls:editorial-queue")},
    )


def notify_decided(item: EditorialItem) -> None:
    if item.submitted_by is None or permissions.is_editor(item.submitted_by, type(item)):
        return
    edit_name = "calls:call-edit" if isinstance(item, Call) else "calls:news-edit"
    queue_email(
        recipients=[item.submitted_by],
        template="email/item_decided",
        context={
            "item": item,
            "kind": _kind(item),
            "published": item.state == "published",
            "url": object_link(item) if item.state == "published" else page_link(edit_name, pk=item.pk),
        },
    )
