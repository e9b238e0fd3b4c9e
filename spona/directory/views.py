"""Pages of the directory: the public list and profiles, self-service editing and moderation."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_permission_required
from spona.core.jsonld import jsonld_script
from spona.core.page_cache import public_page
from spona.core.pagination import errors_text, list_page, show_on_form
from spona.core.secret_tokens import by_token
from spona.core.stale_edits import StaleEdit, VersionedForm
from spona.directory import exports, history, invitations, permissions, selectors, services
from spona.directory.filters import DirectoryFilterSet
from spona.directory.forms import (
    SECTION_FORMSETS,
    InvitationForm,
    JoinRequestForm,
    MemberRoleForm,
    OrganizationForm,
    RejectForm,
)
from spona.directory.jsonld import organization_jsonld
from spona.directory.models import Invitation, Organization
from spona.privacy.models import PrivateDataView
from spona.privacy.services import record_staff_view


@public_page
def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = DirectoryFilterSet(request.GET or None, queryset=selectors.published_organizations())
    context, status = list_page(request, filterset, partial(selectors.directory_page, forgiving=True))
    if context["page"] is not None and context["page"].did_you_mean:
        suggested = request.GET.copy()
        suggested["q"] = context["page"].did_you_mean
        suggested.pop("page", None)
        context["did_you_mean_query"] = suggested.urlencode()
    return render(request, "directory/organization_list.html", context, status=status)


@public_page
def organization_suggestions(request: HttpRequest) -> JsonResponse:
    """Type-ahead of the directory's search box (spona/static/js/typeahead.js): the best names for `q`."""
    return JsonResponse({"results": selectors.name_suggestions(request.GET.get("q", ""))})


@public_page
def organization_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    organization = selectors.organization_for_profile(pk)
    if organization is None or not permissions.can_view_organization(request.user, organization):
        raise Http404
    if slug != organization.slug:
        return redirect(organization, permanent=True)
    can_edit = permissions.can_edit_organization(request.user, organization)
    contact_people = None
    if permissions.can_view_private_data(request.user, organization):
        contact_people = organization.contact_people.all()
        record_staff_view(request.user, organization, PrivateDataView.What.CONTACT_PEOPLE)
    context = {
        "organization": organization,
        "can_edit": can_edit,
        "can_manage_members": permissions.can_manage_members(request.user, organization),
        "can_moderate": permissions.can_moderate(request.user),
        "contact_people": contact_people,
        "membership": permissions.active_membership(request.user, organization),
        "is_inactive": organization.is_inactive(),
        "jsonld": jsonld_script(organization_jsonld(organization, request)),
        "reject_form": RejectForm(),
    }
    return render(request, "directory/organization_detail.html", context)


@login_required
def organization_register(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.register_organization(
                user=request.user,
                fields=form.profile_fields(),
                sectors=form.cleaned_data["sectors"],
                goals=form.cleaned_data["goals"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. Staff will review the profile and publish it; we will let you know by e-mail.")
            )
            return redirect(organization)
    return render(request, "directory/organization_form.html", {"form": form, "registering": True})


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = permissions.get_organization_for_edit(request.user, pk)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.update_organization(
                organization=organization,
                user=request.user,
                fields=form.profile_fields(),
                sectors=form.cleaned_data["sectors"],
                goals=form.cleaned_data["goals"],
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleEdit as error:
            form.add_error(None, errors_text(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(organization)
    return render(request, "directory/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    organization = permissions.get_organization_for_edit(request.user, pk)
    if section not in SECTION_FORMSETS:
        raise Http404
    formset_class, title = SECTION_FORMSETS[section]
    formset = formset_class(request.POST or None, instance=organization, prefix=section)
    guard = VersionedForm(request.POST or None, prefix="profile", initial={"version": organization.version})
    if request.method == "POST" and formset.is_valid() and guard.is_valid():
        try:
            services.save_related_items(
                organization=organization,
                user=request.user,
                formset=formset,
                comment=f"Edited {section}",
                expected_version=guard.cleaned_data["version"],
            )
        except StaleEdit as error:
            guard.add_error(None, errors_text(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(organization)
    return render(
        request,
        "directory/organization_section_form.html",
        {"organization": organization, "formset": formset, "guard": guard, "title": title, "section": section},
    )


@login_required
@require_POST
def organization_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organization = permissions.get_organization_for_edit(request.user, pk)
    services.confirm_organization_profile(organization=organization, user=request.user)
    messages.success(request, _("Thank you: the profile is marked as up to date."))
    return redirect(organization)


@login_required
def organization_join(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(selectors.published_organizations(), pk=pk)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_membership(
                user=request.user, organization=organization, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("Your request is sent. The organization's administrators will decide."))
        return redirect(organization)
    return render(request, "directory/organization_join.html", {"organization": organization, "form": form})


@login_required
def organization_members(request: HttpRequest, pk: int, invite_form: InvitationForm | None = None) -> HttpResponse:
    organization = permissions.get_organization_for_member_admin(request.user, pk)
    record_staff_view(request.user, organization, PrivateDataView.What.MEMBERS)
    return render(
        request,
        "directory/organization_members.html",
        {
            "organization": organization,
            "members": selectors.members_of(organization),
            "roles": Membership.Role.choices,
            "invitations": invitations.pending_invitations(organization).select_related("invited_by"),
            "invite_form": invite_form or InvitationForm(initial={"language": request.LANGUAGE_CODE}),
        },
        status=400 if invite_form is not None else 200,
    )


@login_required
@require_POST
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = permissions.get_organization_for_member_admin(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitations.invite_colleague(
                organization=organization, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("directory:organization-members", pk=organization.pk)
    return organization_members(request, pk, invite_form=form)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = permissions.get_organization_for_member_admin(request.user, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organization=organization)
    try:
        invitations.withdraw_invitation(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    return redirect("directory:organization-members", pk=organization.pk)


def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: who invites whom where; signed in, the person accepts it; not
    signed in, they sign up (and join at once) or sign in first."""
    invitation = by_token(Invitation.objects.select_related("organization", "invited_by"), token)
    if invitation is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            invitations.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, errors_text(error))
            return redirect(request.path)
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organization.name})
        return redirect(invitation.organization)
    if not request.user.is_authenticated and invitation.is_open():
        request.session[invitations.SESSION_KEY] = invitation.token
    return render(request, "directory/invitation.html", {"invitation": invitation, "open": invitation.is_open()})


@login_required
@require_POST
def organization_member_action(request: HttpRequest, pk: int, membership_pk: int, action: str) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    membership = get_object_or_404(Membership, pk=membership_pk, organization=organization)
    leaving = action == "remove" and membership.user_id == request.user.pk
    if not leaving and not permissions.can_manage_members(request.user, organization):
        raise Http404
    try:
        if action in {"accept", "decline"}:
            services.decide_membership(membership=membership, decided_by=request.user, accept=action == "accept")
        elif action == "role":
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.change_member_role(membership=membership, changed_by=request.user, role=form.cleaned_data["role"])
        elif action == "remove":
            services.remove_member(membership=membership, removed_by=request.user)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, errors_text(error))
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("Done."))
    if leaving:
        return redirect("accounts:dashboard")
    return redirect("directory:organization-members", pk=organization.pk)


@staff_permission_required(permissions.MODERATE)
def moderation_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/moderation_queue.html",
        {"organizations": selectors.moderation_queue(), "reject_form": RejectForm()},
    )


@staff_permission_required(permissions.MODERATE)
@require_POST
def organization_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    try:
        if action == "approve":
            services.approve_organization(organization=organization, staff_user=request.user)
            messages.success(request, _("%(name)s is published.") % {"name": organization.name})
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why, so the organization can correct it."))
            services.reject_organization(
                organization=organization, staff_user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("%(name)s is rejected.") % {"name": organization.name})
        elif action == "verify":
            services.verify_organization(organization=organization, staff_user=request.user)
            messages.success(
                request, _("%(name)s is marked as verified against the register.") % {"name": organization.name}
            )
        elif action == "archive":
            services.archive_organization(organization=organization, staff_user=request.user)
            messages.success(request, _("%(name)s is archived.") % {"name": organization.name})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, errors_text(error))
    next_url = request.POST.get("next")
    if next_url == "queue":
        return redirect("directory:moderation-queue")
    return redirect(organization)


@staff_permission_required(permissions.MODERATE)
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    record_staff_view(request.user, organization, PrivateDataView.What.HISTORY)
    versions = list(Version.objects.get_for_object(organization).select_related("revision__user"))
    return render(
        request,
        "directory/organization_history.html",
        {"organization": organization, "versions": history.profile_changes(versions)},
    )


@staff_permission_required(permissions.MODERATE)
@require_POST
def organization_revert(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    version = get_object_or_404(Version.objects.get_for_object(organization), pk=version_pk)
    services.revert_organization(version=version, staff_user=request.user)
    messages.success(request, _("The profile is restored to the chosen version."))
    return redirect(reverse("directory:organization-history", kwargs={"pk": organization.pk}))


def organization_export(request: HttpRequest, file_format: str) -> HttpResponse:
    filterset = DirectoryFilterSet(request.GET or None, queryset=selectors.published_organizations())
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(
            _("Some filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return exports.export_response(filterset, file_format=file_format)
