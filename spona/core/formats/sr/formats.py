"""Serbian (Cyrillic) dates and numbers: the same as in Latin script, with the month names of the catalog."""

from spona.core.formats.local import *  # noqa: F403
