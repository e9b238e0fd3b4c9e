"""Bosnian dates and numbers."""

from spona.core.formats.local import *  # noqa: F403
