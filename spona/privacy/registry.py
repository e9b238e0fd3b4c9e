"""The registry of personal data: every app declares here what it keeps about a person, why, who sees it,
how long it is kept, how the person's rows are exported and how they are erased.

Each app declares its part in its own `personal_data.py` (loaded when the site starts, as admin modules
are). The privacy page, "My data", account deletion and the retention command all read the registry, so
an app cannot keep personal data the person cannot see, take with them and have erased; a test fails
when a model with personal fields is neither declared here nor declared as holding nothing personal.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Category:
    """What the privacy page says about one kind of data."""

    key: str
    title: Promise
    what: Promise  # what is collected
    why: Promise  # what for, and on what grounds
    who: Promise  # who sees it
    kept: Promise  # for how long
    order: int = 100


@dataclass(frozen=True)
class Holding:
    """The rows of one model that hold a person's data: how to find, export and erase them."""

    model: type[Model]
    category: str
    title: Promise  # the section's title in the person's export
    rows: Callable[..., QuerySet]  # rows(user) -> the person's rows
    export: Callable[[Model], dict]  # one row as the person sees it: their own values only
    erase: Callable[..., object]  # erase(user): delete or anonymize the person's rows
    last: bool = False  # erased after every other holding (the account itself)


@dataclass(frozen=True)
class ConsentPurpose:
    """Something a person may agree to, and withdraw at any time with immediate effect."""

    code: str
    title: Promise
    text: Promise  # what the person agrees to, as shown when they give it
    version: int  # raise it when the text changes in substance: earlier consents then ask again
    withdraw: Callable[..., object]  # withdraw(user): stop what the consent allowed, remove what it collected


@dataclass(frozen=True)
class RetentionRule:
    """A daily clean-up: `apply(days=..., now=...)` removes what is older than its period, returns how many."""

    code: str
    title: Promise
    default_days: int
    apply: Callable[..., int]


@dataclass
class Registry:
    categories: dict[str, Category] = field(default_factory=dict)
    holdings: list[Holding] = field(default_factory=list)
    consents: dict[str, ConsentPurpose] = field(default_factory=dict)
    retention: dict[str, RetentionRule] = field(default_factory=dict)
    # Models with a person's account or contact fields that keep nothing personal of their own, with why.
    not_personal: dict[type[Model], str] = field(default_factory=dict)

    def category(self, category: Category) -> None:
        self.categories[category.key] = category

    def holding(self, holding: Holding) -> None:
        if holding.category not in self.categories:
            raise LookupError(f"{holding.model.__name__}: declare the category {holding.category!r} first")
        self.holdings.append(holding)

    def consent(self, purpose: ConsentPurpose) -> None:
        self.consents[purpose.code] = purpose

    def retention_rule(self, rule: RetentionRule) -> None:
        self.retention[rule.code] = rule

    def declare_not_personal(self, model: type[Model], reason: str) -> None:
        self.not_personal[model] = reason

    def in_erasure_order(self) -> list[Holding]:
        return sorted(self.holdings, key=lambda holding: holding.last)

    def declared_models(self) -> set[type[Model]]:
        return {holding.model for holding in self.holdings} | set(self.not_personal)


registry = Registry()


def older_than(days: int, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def values(row: Model, *names: str) -> dict:
    """`row`'s fields by name, as a person reads them in their export (choices by their label)."""
    exported = {}
    for name in names:
        display = getattr(row, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(row, name)
        exported[name] = str(value) if isinstance(value, Model | Promise) else value
    return exported
