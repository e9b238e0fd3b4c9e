"""What the directory keeps about a person (see spona/privacy/registry.py): contact people of organizations."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from spona.directory.invitations import delete_unused_invitations
from spona.directory.models import ContactPerson, DirectoryImport, Invitation, Organization
from spona.privacy.registry import Category, Holding, RetentionRule, older_than, registry, values

registry.category(
    Category(
        key="contact-people",
        title=_("Contact people of organizations"),
        what=_("The name, position, e-mail address and phone number of people an organization names as its contacts."),
        why=_("So that the center can reach the organization."),
        who=_("The organization's members and the center's staff who moderate the directory; never the public."),
        kept=_(
            "Until the organization removes the person, or the person asks to be removed (see below). Earlier "
            "versions of the profile keep them too, for as long as the profile's history."
        ),
        order=30,
    )
)


def contact_people_of(email: str):
    return ContactPerson.objects.filter(email__iexact=email) if email else ContactPerson.objects.none()


def remove_contact_people(email: str) -> int:
    """The contact people with this address, and every earlier version of them in the profiles' history."""
    people = list(contact_people_of(email))
    content_type = ContentType.objects.get_for_model(ContactPerson)
    Version.objects.filter(content_type=content_type, object_id__in=[str(person.pk) for person in people]).delete()
    Version.objects.filter(content_type=content_type, serialized_data__icontains=email).delete()
    for person in people:
        person.delete()
    return len(people)


registry.holding(
    Holding(
        model=ContactPerson,
        category="contact-people",
        title=_("Where organizations name you as a contact person"),
        rows=lambda user: contact_people_of(user.email).select_related("organization"),
        export=lambda person: values(person, "organization", "name", "position", "email", "phone"),
        erase=lambda user: remove_contact_people(user.email),
    )
)
registry.declare_not_personal(
    Organization, "an organization's own public details; the accounts that registered or verified it are anonymized"
)
registry.declare_not_personal(DirectoryImport, "staff's bulk imports: the file is deleted once its import has run")


def _forget_files_of_failed_imports(*, days: int, now) -> int:
    """A finished import's file is deleted at once; one kept after an unexpected error, after this long."""
    count = 0
    for job in DirectoryImport.objects.exclude(file="").filter(
        status=DirectoryImport.Status.FAILED, updated_at__lt=older_than(days, now)
    ):
        job.file.delete(save=True)
        count += 1
    return count


registry.retention_rule(
    RetentionRule(
        code="failed-import-files",
        title=_("Files of imports that stopped on an error are deleted after"),
        default_days=30,
        apply=_forget_files_of_failed_imports,
    )
)


registry.category(
    Category(
        key="invitations",
        title=_("Invitations to organizations"),
        what=_(
            "The e-mail address an organization's administrator invited to join it, the role, who invited "
            "and whether and when the invitation was accepted."
        ),
        why=_("So that the colleague can join the organization from the link in the e-mail."),
        who=_("The organization's administrators and the center's staff who manage memberships."),
        kept=_(
            "An accepted invitation for as long as the organization's memberships; one never accepted is deleted "
            "30 days after it expired or was withdrawn."
        ),
        order=35,
    )
)


def invitations_of(user):
    email_match = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    return Invitation.objects.filter(email_match | Q(accepted_by=user))


def _erase_invitations(user) -> None:
    invitations_of(user).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)


registry.holding(
    Holding(
        model=Invitation,
        category="invitations",
        title=_("Invitations to organizations sent to you"),
        rows=lambda user: invitations_of(user).select_related("organization"),
        export=lambda invitation: values(
            invitation, "organization", "email", "role", "status", "created_at", "expires_at", "answered_at"
        ),
        erase=_erase_invitations,
    )
)
registry.retention_rule(
    RetentionRule(
        code="unused-invitations",
        title=_("Invitations never accepted are deleted after they expired, after"),
        default_days=30,
        apply=delete_unused_invitations,
    )
)
