"""Who may see and change calls, news and saved searches: one place for every rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spona.accounts.permissions import staff_can
from spona.calls.models import Call, EditorialItem, EditorialState, NewsPost, SavedSearch
from spona.directory.models import Organization
from spona.directory.permissions import is_member

EDITORIAL_MODELS = (Call, NewsPost)

# States in which the submitting organization may still change its item.
EDITABLE_BY_SUBMITTER = (EditorialState.DRAFT, EditorialState.SUBMITTED, EditorialState.REJECTED)


def is_editor(user, model: type[EditorialItem] | None = None) -> bool:
    """The center's editors ("Editors" group) write, schedule, publish and return items: of `model`'s
    kind (calls or news, as the admin checks), or of either kind when no model is named."""
    models = [model] if model is not None else EDITORIAL_MODELS
    return any(staff_can(user, editing_permission(kind)) for kind in models)


def editing_permission(model: type[EditorialItem]) -> str:
    return f"calls.change_{model._meta.model_name}"


def can_submit_for(user, organization: Organization | None) -> bool:
    if organization is None:
        return is_editor(user)
    return is_editor(user) or (user.is_authenticated and is_member(user, organization))


def _is_submitter(user, item: EditorialItem) -> bool:
    if not user.is_authenticated:
        return False
    if item.organization_id is not None:
        return is_member(user, item.organization)
    return item.submitted_by_id == user.pk


def can_edit_item(user, item: EditorialItem) -> bool:
    """Editors always; the submitting organization's members until the item is published."""
    if is_editor(user, type(item)):
        return True
    return item.state in EDITABLE_BY_SUBMITTER and _is_submitter(user, item)


def can_withdraw_item(user, item: EditorialItem) -> bool:
    return is_editor(user, type(item)) or (item.state in EDITABLE_BY_SUBMITTER and _is_submitter(user, item))


def can_preview_item(user, item: EditorialItem) -> bool:
    """Unpublished items are seen by editors and by whoever submitted them."""
    return is_editor(user, type(item)) or _is_submitter(user, item)


def get_item_for(user, model: type[EditorialItem], pk: int, *, check=can_edit_item) -> EditorialItem:
    """The item, or 404 both when it is missing and when it is not the user's to see or change."""
    item = get_object_or_404(model.objects.select_related("organization"), pk=pk)
    if not check(user, item):
        raise Http404
    return item


def get_search_for(user, pk: int) -> SavedSearch:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(SavedSearch, pk=pk, user=user)
