"""Reading back what the directory shows: search results, the list's cards, flash messages, JSON-LD."""

import json
import re

from django.contrib.messages import get_messages

from spona.core.models import Municipality
from spona.directory import search
from spona.directory.search import DirectoryQuery

LIST_URL = "/en/directory/"
# A link to a profile (/<language>/directory/<pk>/<slug>/): on the list, the title of a card.
CARD_TITLE = re.compile(r'<a href="/[a-z-]+/directory/\d+/[^/"]+/">([^<]+)</a>')


def found(text: str, **filters) -> list[int]:
    """The ids a directory search returns, best first."""
    return search.search(DirectoryQuery(text=text, **filters)).ids


def card_names(response) -> list[str]:
    return CARD_TITLE.findall(response.content.decode())


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def flash_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def profile_jsonld(response) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])
