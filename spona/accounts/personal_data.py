"""What accounts keep about a person (see spona/privacy/registry.py)."""

import uuid

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from spona.accounts.models import Membership, User
from spona.privacy.registry import Category, Holding, registry, values

registry.category(
    Category(
        key="account",
        title=_("Your account"),
        what=_(
            "Your e-mail address, your name if you give it, your preferred language, when you joined and last "
            "signed in, and your password, kept only as a one-way hash."
        ),
        why=_("To let you sign in, and to write to you in your language about what you take part in."),
        who=_("You, and the center's staff who manage accounts."),
        kept=_(
            "As long as you keep the account. An account nobody has used for three years is anonymized, after "
            "an e-mail that warns of it."
        ),
        order=10,
    )
)
registry.category(
    Category(
        key="organizations",
        title=_("Your organizations"),
        what=_(
            "Which organizations you belong to, your role in each, your requests to join and their messages, and "
            "the invitations you were sent."
        ),
        why=_("So that you can act for your organization: keep its profile, register its people, take part."),
        who=_("The organization's administrators, and the center's staff who moderate the directory."),
        kept=_("As long as you are a member; a request to join is kept until it is decided."),
        order=20,
    )
)


def _anonymize_account(user: User) -> None:
    """The account stays as a row others' records point to ("a participant who left"), with nothing of the
    person: no e-mail, no name, no password, no way to sign in."""
    user.email = ""
    user.username = f"deleted-{uuid.uuid4().hex}"
    user.first_name = user.last_name = user.full_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


registry.holding(
    Holding(
        model=User,
        category="account",
        title=_("Account"),
        rows=lambda user: User.objects.filter(pk=user.pk),
        export=lambda user: values(user, "email", "full_name", "language", "date_joined", "last_login"),
        erase=_anonymize_account,
        last=True,
    )
)
registry.holding(
    Holding(
        model=EmailAddress,
        category="account",
        title=_("E-mail addresses"),
        rows=lambda user: EmailAddress.objects.filter(user=user),
        export=lambda address: values(address, "email", "verified", "primary"),
        erase=lambda user: EmailAddress.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=Membership,
        category="organizations",
        title=_("Memberships"),
        rows=lambda user: Membership.objects.filter(user=user).select_related("organization"),
        export=lambda membership: values(membership, "organization", "role", "status", "message", "created_at"),
        erase=lambda user: Membership.objects.filter(user=user).delete(),
    )
)


def _forget_in_the_admins_log(user: User) -> None:
    """The admin's log names the objects staff changed: an entry about the person keeps what was done, not who."""
    entries = LogEntry.objects.filter(
        Q(content_type__app_label="accounts", content_type__model="user", object_id=str(user.pk))
        | Q(object_repr__icontains=user.email)
    )
    if user.full_name:
        entries = entries | LogEntry.objects.filter(object_repr__icontains=user.full_name)
    entries.update(object_repr=str(_("a person who left")), change_message="")


registry.holding(
    Holding(
        model=LogEntry,
        category="account",
        title=_("Changes staff made to your account"),
        rows=lambda user: LogEntry.objects.filter(
            content_type__app_label="accounts", content_type__model="user", object_id=str(user.pk)
        ),
        export=lambda entry: {"when": entry.action_time, "what": str(entry.get_change_message())},
        erase=_forget_in_the_admins_log,
    )
)
registry.declare_not_personal(
    Revision, "who saved a version of an organization's profile: the account, which erasure anonymizes"
)
