"""Whole-page cache for anonymous visitors.

Most visits are anonymous reads of the same public pages: the directory, profiles, the home page. A view
marked with `public_page` has its rendered response stored whole in the cache, and the next anonymous
request for the same URL is answered by `PublicPageCacheMiddleware` before sessions, CSRF, authentication
or the view run.

Who never gets a stored page: anyone with a session cookie (signed-in users, staff) or a pending message,
and any request other than GET. What is never stored: a response that is not a 200 or that sets a cookie.

Freshness: every stored page belongs to a generation. Saving or deleting public content (the models passed
to `invalidate_on_change`, and explicit calls of `invalidate_public_pages` after bulk writes) starts a new
generation once the transaction commits, so no page rendered before the change is served after it.
Pages of an area (`public_page(area="learning")`) also belong to that area's own generation: a change that
only concerns the area (a registration taking a seat) ends its pages and leaves the others stored.
Pages also expire after `SPONA_PUBLIC_PAGE_CACHE_SECONDS` (time-based changes, such as a profile turning
inactive, show within that time). The generation lives in the default cache: with several server processes
that cache must be shared (Redis, `REDIS_URL`), or each process would keep serving its own pages until they
expire.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "public-pages:generation"
# Areas whose pages can be ended on their own (see `invalidate_public_pages(area=...)`).
AREAS = ("learning", "calls", "fair")
MARK = "_spona_public_page"
STORED_HEADERS_EXCLUDED = {"set-cookie", "content-length"}


def cache_seconds() -> int:
    return settings.SPONA["PUBLIC_PAGE_CACHE_SECONDS"]


def public_page(view: Callable[..., HttpResponse] | None = None, *, area: str | tuple[str, ...] | None = None):
    """Mark a view's responses as public: the same for every anonymous visitor of the same URL.
    With `area` (or several), the pages also end when that area alone changes."""
    areas = (area,) if isinstance(area, str) else tuple(area or ())
    for name in areas:
        if name not in AREAS:
            raise ValueError(f"Unknown public page area {name!r}")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            setattr(response, MARK, areas or True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def _generation_key(area: str | None) -> str:
    return GENERATION_KEY if area is None else f"{GENERATION_KEY}:{area}"


def current_generation(area: str | None = None) -> int:
    return current_generations()[_generation_key(area)]


def current_generations() -> dict[str, int]:
    """Every generation number (the site's and each area's), in one cache round trip."""
    keys = [_generation_key(None), *(_generation_key(area) for area in AREAS)]
    generations = cache.get_many(keys)
    for key in keys:
        if key not in generations:
            # add() keeps a value another process set in between.
            cache.add(key, 1, timeout=None)
            generations[key] = cache.get(key, 1)
    return generations


def invalidate_public_pages(*, area: str | None = None) -> None:
    """Stop serving every stored page (or only the pages of `area`), once the current transaction
    (if any) commits."""
    transaction.on_commit(lambda: _start_new_generation(area))


def _start_new_generation(area: str | None = None) -> None:
    key = _generation_key(area)
    try:
        cache.incr(key)
    except ValueError:  # no generation yet, or the cache lost it: any fresh value will do
        cache.add(key, 1, timeout=None)


def invalidate_on_change(models: Iterable[type[Model]], *, area: str | None = None) -> None:
    """Start a new generation (of the whole site, or of `area`) whenever one of `models` is saved or
    deleted, or its many-to-many links change."""
    receiver = _on_change if area is None else partial(_on_area_change, area=area)
    suffix = "" if area is None else f"-{area}"
    for model in models:
        label = model._meta.label
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"public-pages-save-{label}{suffix}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"public-pages-delete-{label}{suffix}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"public-pages-m2m-{field}{suffix}",
            )


def _on_change(sender, **kwargs) -> None:
    _on_area_change(sender, area=None, **kwargs)


def _on_area_change(sender, *, area: str | None, **kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    invalidate_public_pages(area=area)


def _may_be_served_from_cache(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and cache_seconds() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request: HttpRequest, generation: int) -> str:
    # The site's generation is in the key; an area's is stored with the page and compared on the way out.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"public-pages:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


def _storable(response: HttpResponse) -> bool:
    return (
        getattr(response, MARK, False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Serve and store the pages of `public_page` views for anonymous visitors (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_be_served_from_cache(request):
            return self.get_response(request)
        generations = current_generations()
        key = _page_key(request, generations[GENERATION_KEY])
        stored = cache.get(key)
        if stored is not None and _is_current(stored, generations):
            return _response_from(stored)
        response = self.get_response(request)
        if _storable(response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in STORED_HEADERS_EXCLUDED]
            areas = getattr(response, MARK)
            area_generations = tuple((a, generations[_generation_key(a)]) for a in areas) if areas is not True else ()
            stored = (response.status_code, headers, response.content, area_generations)
            cache.set(key, stored, cache_seconds())
        return response


def _is_current(stored: tuple, generations: dict[str, int]) -> bool:
    return all(generations.get(_generation_key(area)) == generation for area, generation in stored[3] or ())


def _response_from(stored: tuple) -> HttpResponse:
    status, headers, content, _area = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
