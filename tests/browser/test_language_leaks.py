"""No English on the Bosnian and Serbian pages: the main pages, the sign-in pages and the admin, walked in every
language, must not show an English interface string.

What counts as English is read from the catalogs, not listed by hand: every message of locale/ (ours and the
Django and allauth messages we translate) is an English text; one shown verbatim on a page whose language has
it translated otherwise is a leak. Text that no catalog knows (a string someone forgot to mark, or a package's
message we don't list) is caught by its shape: a run of English words around words such as "the" or "your".
Raw codes ("None", "BA", "RS") count too. Text inside an element marked with another language (the language
menu's "English") is not this page's language and is left alone.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page

from spona.capacity import services as capacity_services
from tests.browser.test_accessibility import Content, FairContent, _localized, _profile, content, fair  # noqa: F401

LOCALES = {"bs": "bs", "sr-latn": "sr_Latn", "sr": "sr"}

# Words that stay the same in every language: the brand, formats and standards, and the names in test content.
ALLOWED = {
    "Spona", "API", "OpenAPI", "CSV", "JSON", "XLSX", "DOCX", "PDF", "iCalendar", "Atom", "RSS", "URL", "ID",
    "QR", "OK", "CSR", "SMS", "IBAN", "ISO", "UUID", "IPv4", "IPv6", "HTTPS", "CSRF", "Hotel Europe",
}  # fmt: skip

# English words that Bosnian and Serbian never use (unlike "a", "on", "to", "no"): one of them among other
# English words is English text.
ENGLISH_MARKERS = {
    "the", "and", "of", "for", "your", "you", "is", "are", "this", "with", "by", "not", "or", "be", "has", "have",
    "was", "were", "will", "can", "please", "here", "there", "from", "than", "been", "which", "should", "must",
    "would", "their", "our", "we", "it", "its", "what", "when", "yet", "any", "all", "more", "about", "yours",
}  # fmt: skip
ENGLISH_RUN = re.compile(r"(?<![\w-])(?:[A-Za-z][a-z']*[ ,]+){2,}[A-Za-z][a-z']*(?![\w-])")
RAW_CODES = re.compile(r"(?<![\w-])(None|BA|RS|Europe/\w+)(?![\w-])")

PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0+ ]*\d*(?:\.\d+)?[a-zA-Z]|%[sdif%]|\{[\w.]*\}|<[^>]*>|&\w+;|\n")
WORD = re.compile(r"[A-Za-z]{2,}")


def _fragments(text: str) -> list[str]:
    """The plain-text pieces of a message around its placeholders and markup."""
    return [" ".join(piece.split()) for piece in PLACEHOLDER.split(text) if WORD.search(piece)]


@cache
def english_messages(language: str) -> re.Pattern:
    """The English texts the catalog of `language` translates into something else, as one pattern."""
    path = Path(settings.LOCALE_PATHS[0]) / LOCALES[language] / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    english = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = " ".join(strings)
        for text in ids:
            english.update(
                fragment
                for fragment in _fragments(text)
                if fragment not in translated and fragment not in ALLOWED and len(fragment) > 2
            )
    alternatives = "|".join(re.escape(text) for text in sorted(english, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


# The page's text as a person meets it: visible text, and the labels of buttons, fields and images, leaving out
# elements whose lang attribute says they are in another language.
VISIBLE_TEXT = """() => {
  const pageLanguage = document.documentElement.lang;
  const foreign = (element) => {
    const marked = element.closest('[lang]');
    return marked && marked.lang !== pageLanguage;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || foreign(element) || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(element.tagName)) continue;
    if (!element.checkVisibility()) continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const element of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt], input[value]')) {
    if (foreign(element)) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      if (element.getAttribute(name)) texts.push(element.getAttribute(name));
    }
    if (['submit', 'button'].includes(element.type)) texts.push(element.value);
  }
  texts.push(document.title);
  return texts;
}"""

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
URL = re.compile(r"https?://\S+|/\S*/\S*")


def leaks(texts: list[str], language: str) -> list[str]:
    found = []
    for raw in texts:
        text = " ".join(URL.sub(" ", EMAIL.sub(" ", raw)).split())
        found += [f"message “{match.group()}” in “{text[:120]}”" for match in english_messages(language).finditer(text)]
        for match in ENGLISH_RUN.finditer(text):
            words = {word.lower() for word in re.findall(r"[A-Za-z']+", match.group())}
            if words & ENGLISH_MARKERS:
                found.append(f"English text “{match.group()}” in “{text[:120]}”")
        found += [f"raw code “{match.group()}” in “{text[:120]}”" for match in RAW_CODES.finditer(text)]
    return found


class Walk:
    def __init__(self, page: Page, language: str):
        self.page = page
        self.language = language
        self.problems: list[str] = []

    def check(self, label: str) -> None:
        assert self.page.evaluate("document.documentElement.lang") == self.language, self.page.url
        problems = sorted(set(leaks(self.page.evaluate(VISIBLE_TEXT), self.language)))
        self.problems += [f"{label} ({self.page.url}): {problem}" for problem in problems]

    def visit(self, path: str, label: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        self.check(label)

    def assert_clean(self) -> None:
        if self.problems:
            pytest.fail("English on a page in another language:\n" + "\n".join(self.problems), pytrace=False)


LANGUAGES = list(LOCALES)


def test_the_detector_finds_what_it_should():
    assert leaks(["Rok za prijave: 4. decembra 2026."], "bs") == []
    assert leaks(["Prijava", "Spona", "PDF"], "bs") == []
    assert leaks(["Sign in"], "bs") == ["message “Sign in” in “Sign in”"]
    assert leaks(["Ensure that there are no more than 2 decimal places."], "sr")
    assert leaks(["Please check the form below"], "bs")  # in no catalog, still English
    assert leaks(["Država: BA"], "bs") == ["raw code “BA” in “Država: BA”"]
    assert leaks(["registrovao/la None, 2. 12. 2026."], "sr-latn")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(page: Page, content: Content, language):  # noqa: F811
    walk = Walk(page, language)
    walk.visit(f"/{language}/", "home")
    walk.visit(f"/{language}/directory/", "directory")
    walk.visit(f"/{language}/directory/?founded_from=abc", "directory with a filter error")
    walk.visit(_profile(content.organization, language), "profile")
    walk.visit(f"/{language}/trainings/", "trainings")
    walk.visit(_localized(content.session.get_absolute_url(), language), "training session")
    walk.visit(f"/{language}/trainings/trainers/", "trainers")
    walk.visit(f"/{language}/calls/", "calls")
    walk.visit(f"/{language}/calls/?amount=abc", "calls with a filter error")
    capacity_services.load_shipped_frameworks()
    walk.visit(f"/{language}/capacity/", "capacity building")
    walk.visit(f"/{language}/capacity/frameworks/spona-capacity/", "assessment framework")
    walk.visit(_localized(content.call.get_absolute_url(), language), "call")
    walk.visit(f"/{language}/news/", "news")
    walk.visit(_localized(content.news.get_absolute_url(), language), "news post")
    walk.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_pages(page: Page, content: Content, language):  # noqa: F811
    walk = Walk(page, language)
    walk.visit(f"/{language}/accounts/login/", "sign in")
    page.fill("input[name=login]", content.member.email)
    page.fill("input[name=password]", "wrong password")
    page.locator("main form button[type=submit]").click()
    walk.check("sign in with a wrong password")
    walk.visit(f"/{language}/accounts/signup/", "sign up")
    page.fill("input[name=email]", "nova@example.org")
    page.fill("input[name=password1]", "12345")
    page.fill("input[name=password2]", "54321")
    page.locator("main form button[type=submit]").click()
    walk.check("sign up with a weak password")
    page.fill("input[name=password1]", "Zelena-Livada-42")
    page.fill("input[name=password2]", "Zelena-Livada-42")
    page.locator("main form button[type=submit]").click()
    walk.check("e-mail confirmation sent")
    walk.visit(f"/{language}/accounts/confirm-email/bad-key/", "confirmation with a bad key")
    walk.visit(f"/{language}/accounts/password/reset/", "password reset")
    page.fill("input[name=email]", content.member.email)
    page.locator("main form button[type=submit]").click()
    walk.check("password reset sent")
    walk.visit(f"/{language}/accounts/password/reset/key/1-bad/", "password reset with a bad key")
    walk.visit(f"/{language}/accounts/login/", "sign in again")
    page.fill("input[name=login]", content.member.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    walk.check("signed in, with the message")
    walk.visit(f"/{language}/me/", "my page")
    walk.visit(f"/{language}/accounts/email/", "e-mail addresses")
    walk.visit(f"/{language}/accounts/password/change/", "password change")
    page.fill("input[name=oldpassword]", "correct horse battery staple")
    page.fill("input[name=password1]", "123")
    page.fill("input[name=password2]", "123")
    page.locator("main form button[type=submit]").click()
    walk.check("password change with a weak password")
    walk.visit(f"/{language}/accounts/logout/", "sign out")
    page.locator("main form button[type=submit]").click()
    walk.check("signed out, with the message")
    walk.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_and_fair_pages(page: Page, content: Content, fair: FairContent, sign_in, language):  # noqa: F811
    sign_in(page, content.member)
    walk = Walk(page, language)
    walk.visit(f"/{language}/me/", "my page")
    walk.visit(f"/{language}/trainings/my/", "my trainings")
    walk.visit(f"/{language}/calls/for-my-organization/", "calls for my organization")
    walk.visit(_localized(reverse("fair:edition-list"), language), "fair editions")
    walk.visit(_localized(fair.edition.get_absolute_url(), language), "fair edition")
    walk.visit(_localized(reverse("fair:catalogue", args=[fair.edition.pk]), language), "fair catalogue")
    walk.visit(_localized(reverse("fair:proposal-detail", args=[fair.approved.pk]), language), "proposal")
    walk.visit(_localized(reverse("fair:participant", args=[fair.participant.pk]), language), "participant")
    walk.visit(_localized(reverse("fair:agenda", args=[fair.participant.pk]), language), "agenda")
    walk.visit(_localized(reverse("fair:requests", args=[fair.participant.pk]), language), "meeting requests")
    walk.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin(page: Page, content: Content, sign_in, language):  # noqa: F811
    sign_in(page, content.staff)
    walk = Walk(page, language)
    walk.visit(f"/{language}/admin/", "admin home")
    with translation.override(language):
        organizations = reverse("admin:directory_organization_changelist")
        organization = reverse("admin:directory_organization_change", args=[content.organization.pk])
        sessions = reverse("admin:learning_trainingsession_changelist")
        session = reverse("admin:learning_trainingsession_change", args=[content.session.pk])
        tasks = reverse("admin:django_tasks_database_dbtaskresult_changelist")
        sites = reverse("admin:sites_site_changelist")
        addresses = reverse("admin:account_emailaddress_changelist")
    walk.visit(organizations, "organizations")
    walk.visit(organization, "an organization")
    walk.visit(f"{organization}history/", "an organization's history")
    walk.visit(sessions, "training sessions")
    walk.visit(session, "a training session")
    walk.visit(tasks, "background tasks")
    walk.visit(sites, "sites")
    walk.visit(addresses, "e-mail addresses")
    walk.assert_clean()
