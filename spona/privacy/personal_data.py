"""What the privacy app itself keeps about a person (see registry.py): consents and what they allow,
requests about personal data, and warnings before an unused account is anonymized."""

from django.utils.translation import gettext_lazy as _

from spona.privacy import retention
from spona.privacy.models import Consent, DataRequest, DonorFigures, InactivityWarning, PrivateDataView
from spona.privacy.registry import Category, ConsentPurpose, Holding, RetentionRule, registry, values

registry.category(
    Category(
        key="consents",
        title=_("Consents"),
        what=_(
            "What you agreed to, the version of the text you agreed to, and when you agreed or withdrew; and what "
            "a consent allowed us to ask, such as your sex and age group."
        ),
        why=_("Only for what you agreed to, for as long as you agree."),
        who=_("You; your sex and age group are counted into totals for donors and never shown with your name."),
        kept=_("Until you withdraw the consent: what it allowed is removed at once."),
        order=90,
    )
)
registry.category(
    Category(
        key="requests",
        title=_("Your requests about your data"),
        what=_("Requests you make to see, correct, erase or object to the use of your data, and what was done."),
        why=_("To answer within the 30 days the law gives, and to show that we did."),
        who=_("The center's staff who handle data protection."),
        kept=_("As long as the law requires the record; an erased account's requests keep no name or address."),
        order=100,
    )
)


def _stop_donor_figures(user) -> None:
    DonorFigures.objects.filter(user=user).delete()


registry.consent(
    ConsentPurpose(
        code="donor-figures",
        title=_("My sex and age group in the figures for donors"),
        text=_(
            "I agree that the resource center keeps my sex and age group, as I give them below, to count "
            "participants for the reports it writes to its donors. They are counted only in totals and never "
            "shown with my name. I can withdraw this consent at any time, and the answers are then deleted."
        ),
        version=1,
        withdraw=_stop_donor_figures,
    )
)

registry.holding(
    Holding(
        model=Consent,
        category="consents",
        title=_("Consents"),
        rows=lambda user: Consent.objects.filter(user=user),
        export=lambda consent: {
            "purpose": str(registry.consents[consent.purpose].title)
            if consent.purpose in registry.consents
            else consent.purpose,
            **values(consent, "text_version", "given_at", "withdrawn_at"),
        },
        erase=lambda user: Consent.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=DonorFigures,
        category="consents",
        title=_("Sex and age group for donor figures"),
        rows=lambda user: DonorFigures.objects.filter(user=user),
        export=lambda answers: values(answers, "sex", "age_group", "updated_at"),
        erase=lambda user: DonorFigures.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=DataRequest,
        category="requests",
        title=_("Your requests about your data"),
        rows=lambda user: DataRequest.objects.filter(person=user),
        export=lambda request: values(request, "kind", "status", "received_at", "due_at", "handled_at", "note"),
        # The record of a request stays (the law asks for it), without the person.
        erase=lambda user: DataRequest.objects.filter(person=user).update(person=None, name="", email=""),
    )
)
registry.holding(
    Holding(
        model=InactivityWarning,
        category="account",
        title=_("Warning about an unused account"),
        rows=lambda user: InactivityWarning.objects.filter(user=user),
        export=lambda warning: values(warning, "warned_at"),
        erase=lambda user: InactivityWarning.objects.filter(user=user).delete(),
    )
)
registry.declare_not_personal(
    PrivateDataView, "an audit of staff work on organizations' private data, kept for accountability"
)

registry.retention_rule(
    RetentionRule(
        code="unused-accounts-warned",
        title=_("An account nobody signed in to is warned that it will be anonymized after"),
        default_days=3 * 365,
        apply=retention.warn_unused_accounts,
    )
)
registry.retention_rule(
    RetentionRule(
        code="unused-accounts-anonymized",
        title=_("A warned account whose person did not sign in again is anonymized after"),
        default_days=30,
        apply=retention.anonymize_warned_accounts,
    )
)
