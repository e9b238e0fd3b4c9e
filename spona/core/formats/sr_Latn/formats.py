"""Serbian (Latin) dates and numbers; the module name is Django's locale name for "sr-latn"."""

from spona.core.formats.local import *  # noqa: F403
