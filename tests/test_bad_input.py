"""The bad-input sweep: every URL pattern of the site, with hostile values in its path, in every query
parameter and form field it reads, anonymous, signed in and as staff. Nothing may answer 5xx.

Nothing here is a list of URLs or fields: the sweep walks the URL configuration (a new URL joins it
by existing), learns what each view reads by recording the keys it asks for in request.GET and
request.POST (a plain GET, then a POST with nothing in it), and sends every key it found hostile values:
huge, negative and far-future numbers and dates, NUL bytes, very long strings, repeated keys (arrays),
SQL, regex and HTML metacharacters, and ids of other people's objects. The values are a fixed list and
random strings of troublesome characters from a fixed seed, so every run sends the same requests
(bounded by their number, not by time).
"""

import random
import re
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from spona.accounts.models import Membership
from spona.calls.models import EditorialState
from spona.fair.models import Meeting, Partnership
from tests.calls.factories import CallFactory, NewsPostFactory, SavedSearchFactory
from tests.documents import pdf_bytes
from tests.factories import ContactPersonFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)
from tests.learning.factories import RegistrationFactory, TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "-1",
    "0",
    "99999999999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59",
    "2026-02-30",
    "a\x00b",
    "x" * 5000,
    "' OR '1'='1' --",
    "(a+)+$[",
    "<script>alert(1)</script>{{7*7}}",
    "../../../etc/passwd",
    "🙂" * 50,
]
IDS = ["1", "2", "3", "5", "0", "2147483648", "9223372036854775808", "100000000000000000000000000000"]
PATH_STRINGS = ["x", "a" * 300, "%00", "..%2F..%2Fetc", "' OR 1=1--", "%3Cscript%3E", "🙂", "2026-01-01"]
SKIPPED_KEYS = {"csrfmiddlewaretoken"}
# Keys Django's admin reads from the query string of its pages.
ADMIN_KEYS = ["q", "o", "p", "e", "all", "_changelist_filters", "_popup", "_to_field"]


# Characters that break careless code: controls, quotes, SQL and regex syntax, bidirectional overrides,
# combining marks, the replacement character, Cyrillic and letters with diacritics.
NASTY = "\x00\x01\x1b\t\n\r\"'`;%_*?[](){}|\\<>&=+-@#$^~\u202e\u200b\u0301\ufffdĐđŽžЉљ😀"


def _drawn_values(count: int = 6) -> list[str]:
    """Random strings of NASTY characters (and of any letter), from a fixed seed: the same in every run."""
    generator = random.Random(20261204)
    alphabet = NASTY + "abcxyz019"
    return ["".join(generator.choice(alphabet) for _i in range(generator.randint(1, 80))) for _n in range(count)]


# The URL configuration ---------------------------------------------------------------------------------


def _patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + PARAMETER.sub(lambda match: values[match.group("name")], route)


def _routes() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every route as (route, [(name, converter)]); regex routes are turned into their plain text where
    they have no groups, and their groups get the same treatment as `str` parameters."""
    routes = []
    for text, pattern in _patterns():
        route = text
        if isinstance(pattern.pattern, RegexPattern) or "^" in text:
            route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", text).replace("^", "").replace("$", "")
            route = route.replace("\\", "")
        parameters = [(m.group("name"), m.group("converter") or "str") for m in PARAMETER.finditer(route)]
        routes.append((route, parameters))
    return routes


# What views read ------------------------------------------------------------------------------------------


@contextmanager
def _recording_reads():
    """The keys any code asks a QueryDict for while the block runs (forms, filters and views alike)."""
    read: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__", "__contains__")}

    def recorder(name):
        original = originals[name]

        def record(self, key, *args, **kwargs):
            if isinstance(key, str):
                read.add(key)
            return original(self, key, *args, **kwargs)

        return record

    for name in originals:
        setattr(QueryDict, name, recorder(name))
    try:
        yield read
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


# The site's data -----------------------------------------------------------------------------------------


@pytest.fixture
def site_data(organization, member_user, other_organization, other_user):
    """One or two of everything a URL can name, some of them the signed-in member's, some somebody else's."""
    MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    ContactPersonFactory(organization=organization)
    ContactPersonFactory(organization=other_organization)
    trainer = TrainerFactory(user=UserFactory())
    session = TrainingSessionFactory(trainers=[trainer])
    RegistrationFactory(session=session, participant=member_user, organization=organization)
    RegistrationFactory(session=session, participant=other_user, organization=other_organization)
    call = CallFactory(organization=organization, submitted_by=member_user)
    CallFactory(state=EditorialState.SUBMITTED, organization=other_organization, submitted_by=other_user)
    NewsPostFactory(organization=organization, submitted_by=member_user)
    NewsPostFactory(state=EditorialState.DRAFT)
    SavedSearchFactory(user=member_user)
    SavedSearchFactory(user=other_user)
    own = FairParticipantFactory(organization=organization)
    company = CompanyParticipantFactory(edition=own.edition)
    FairParticipantFactory(edition=own.edition, organization=other_organization)
    ProposalFactory(edition=own.edition, organization=organization)
    request = MeetingRequestFactory(sender=own, recipient=company)
    meeting = Meeting.objects.create(request=request, edition=own.edition, slot=0, table=0, published=True)
    Partnership.objects.create(
        edition=own.edition, cso=organization, company=company.organization, meeting=meeting, kind="money"
    )
    OrganizationFactory(name="Treća organizacija")
    return {"call": call, "session": session}


# The sweep -------------------------------------------------------------------------------------------------


class Sweep:
    def __init__(self, client: Client, values: list[str]):
        self.client, self.values = client, values
        self.errors: list[str] = []
        self.requests = 0
        self.routes_reached: set[str] = set()

    def send(self, method: str, url: str, data=None, **extra):
        self.requests += 1
        try:
            response = getattr(self.client, method)(url, data, **extra)
        except Exception as error:  # a view that raised is a 500 the visitor would get
            self.errors.append(f"{method.upper()} {url[:200]} {_short(data)}: {type(error).__name__}: {error}"[:500])
            return None
        if response.status_code >= 500:
            self.errors.append(f"{method.upper()} {url[:200]} {_short(data)}: {response.status_code}")
        return response

    def learn(self, method: str, url: str) -> set[str]:
        with _recording_reads() as read:
            self.send(method, url, {})
        return read - SKIPPED_KEYS

    def sweep_route(self, route: str, parameters: list[tuple[str, str]]) -> None:
        """Every key the view reads gets hostile values at the route's plain address; the address itself
        gets hostile parameters (ids of nobody's and of others' objects, huge numbers, odd strings)."""
        self.routes_reached.add(route)
        admin = route.startswith(("en/admin/", "bs/admin/"))
        good = {name: ("1" if converter == "int" else "x") for name, converter in parameters}
        url = _fill(route, good)
        get_keys = self.learn("get", url)
        if admin:  # Django's own admin: its query keys on its lists and forms, its pages read-only
            if not parameters or route.endswith("/add/"):
                self._fuzz("get", url, get_keys | set(ADMIN_KEYS), values=self.values[:8])
        else:
            self._fuzz("get", url, get_keys)
            self._fuzz("post", url, self.learn("post", url))
        for name, converter in parameters:
            for value in IDS[1:] if converter == "int" else PATH_STRINGS:
                hostile = _fill(route, {**good, name: value})
                self.send("get", hostile)
                if not admin:
                    self.send("post", hostile, {})

    def _fuzz(self, method: str, url: str, keys: set[str], values: list[str] | None = None) -> None:
        keys = sorted(keys)
        if not keys:
            return
        values = values or self.values
        for value in values:  # every key hostile at once
            self.send(method, url, dict.fromkeys(keys, value))
        for index, key in enumerate(keys):  # each key alone, with an id, an array and an upload
            value = values[index % len(values)]
            self.send(method, url, {key: value})
            self.send(method, url, {key: IDS[index % len(IDS)]})
            self.send(method, url, {key: [value, "1", "x"]})
            if method == "post":
                self.send(method, url, {key: SimpleUploadedFile("a.pdf", pdf_bytes()[:100])})


def _short(data) -> str:
    text = repr(data)
    return text if len(text) < 160 else text[:157] + "..."


USERS = ["anonymous", "member", "staff"]


@pytest.mark.parametrize("who", USERS)
def test_no_url_of_the_site_answers_a_server_error(who, site_data, member_user, staff_user):
    client = Client(raise_request_exception=True)
    sweep = Sweep(client, HOSTILE + _drawn_values())
    for route, parameters in _routes():
        if route.startswith(("en/admin/", "bs/admin/")) and who != "staff":
            continue
        if route.endswith("logout/"):
            continue  # signing out is swept apart below: it would end this sweep's session
        if who != "anonymous":  # a view may sign the person out (a password change); sign in again
            client.force_login(staff_user if who == "staff" else member_user)
        sweep.sweep_route(route, parameters)

    assert sweep.errors == [], f"{len(sweep.errors)} of {sweep.requests} requests failed:\n" + "\n".join(
        sweep.errors[:60]
    )
    assert len(sweep.routes_reached) > 100


def test_signing_out_with_hostile_input_answers_no_server_error(client, member_user):
    for value in HOSTILE:
        client.force_login(member_user)
        assert client.post("/en/accounts/logout/", {"next": value}).status_code < 500
        assert client.get("/en/accounts/logout/", {"next": value}).status_code < 500


def test_the_sweep_hears_what_a_view_reads():
    given, empty = QueryDict("a=1&b=2"), QueryDict("")
    with _recording_reads() as read:
        given.get("a")
        "c" in empty  # noqa: B015
        empty.getlist("d")
    assert read == {"a", "c", "d"}


def test_the_sweep_walks_every_kind_of_route():
    routes = dict(_routes())
    assert "en/trainings/sessions/<int:pk>/manage/attendance/<str:day>/" in routes
    assert "en/accounts/confirm-email/<str:key>/" in routes
    assert "api/directory/organizations/<organization_id>" in routes
    assert any(route.startswith("en/admin/") for route in routes)


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_the_admin_refuses_an_empty_field_to_link_to(client, staff_user, organization, view):
    client.force_login(staff_user)

    response = client.get(f"/en/admin/directory/organization/{organization.pk}/{view}/", {"_to_field": ""})

    assert response.status_code == 400
