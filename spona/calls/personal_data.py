"""What calls and news keep about a person (see spona/privacy/registry.py): saved searches and their alerts."""

from django.utils.translation import gettext_lazy as _

from spona.calls.models import AlertDelivery, AlertDigest, Call, CallDismissal, NewsPost, SavedSearch
from spona.privacy.registry import Category, Holding, RetentionRule, older_than, registry, values

registry.category(
    Category(
        key="alerts",
        title=_("Saved searches and alerts"),
        what=_(
            "The searches you save (words, sectors, regions, amounts, how often you want e-mails), the alert "
            "e-mails sent to you and which calls they held, and the calls you marked not relevant."
        ),
        why=_("To send you the new calls that fit you, each only once, and to leave out those you set aside."),
        who=_("You; the center's editors can see alert e-mails when one goes wrong."),
        kept=_("Saved searches until you delete them; alert e-mails for a year."),
        order=60,
    )
)

registry.holding(
    Holding(
        model=SavedSearch,
        category="alerts",
        title=_("Saved searches"),
        rows=lambda user: SavedSearch.objects.filter(user=user).prefetch_related("sectors", "regions"),
        export=lambda search: {
            **values(search, "name", "keywords", "amount_min_eur", "amount_max_eur", "frequency", "is_active"),
            "sectors": [str(sector) for sector in search.sectors.all()],
            "regions": [str(region) for region in search.regions.all()],
        },
        erase=lambda user: SavedSearch.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=AlertDigest,
        category="alerts",
        title=_("Alert e-mails sent to you"),
        rows=lambda user: AlertDigest.objects.filter(user=user).order_by("-created_at"),
        export=lambda digest: values(digest, "recipient", "subject", "created_at", "sent_at"),
        erase=lambda user: AlertDigest.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=AlertDelivery,
        category="alerts",
        title=_("Calls sent to you in alerts"),
        rows=lambda user: AlertDelivery.objects.filter(user=user).select_related("call"),
        export=lambda delivery: {"call": delivery.call.title},
        erase=lambda user: AlertDelivery.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=CallDismissal,
        category="alerts",
        title=_("Calls you marked not relevant"),
        rows=lambda user: CallDismissal.objects.filter(user=user).select_related("call"),
        export=lambda dismissal: {"call": dismissal.call.title, "when": dismissal.created_at},
        erase=lambda user: CallDismissal.objects.filter(user=user).delete(),
    )
)
for model in (Call, NewsPost):
    registry.declare_not_personal(
        model, "a call or news post of an organization or of the center; who submitted it is anonymized with them"
    )


def _forget_old_alert_emails(*, days: int, now) -> int:
    deleted, _by_model = AlertDigest.objects.filter(created_at__lt=older_than(days, now)).delete()
    return deleted


registry.retention_rule(
    RetentionRule(
        code="alert-emails",
        title=_("Alert e-mails (and which calls they held) are deleted after"),
        default_days=365,
        apply=_forget_old_alert_emails,
    )
)
