"""Settings for the test suite: fast hashing, e-mail kept in memory, tasks run at once."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ACCOUNT_RATE_LIMITS = False
# Tests run inside transactions that never commit, so the page cache would never hear of changes; the
# page cache's own tests and the browser tests (which commit) turn it on.
SPONA = {**SPONA, "SEARCH_CANDIDATES": 500, "PUBLIC_PAGE_CACHE_SECONDS": 0}  # noqa: F405
