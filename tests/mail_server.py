"""A mail server for tests to break: faults are injected where the product meets it (Django's mail backend),
not inside our code."""

from collections.abc import Callable

from django.core.mail.backends.locmem import EmailBackend as MemoryBackend


class ScriptedBackend(MemoryBackend):
    """Delivers to django.core.mail.outbox like the test backend, but first calls the test's script for each
    message: it may raise (the server refuses, the process dies) or let something else happen meanwhile."""

    script: Callable | None = None

    def send_messages(self, messages):
        for message in messages:
            if ScriptedBackend.script is not None:
                ScriptedBackend.script(message)
            super().send_messages([message])
        return len(messages)


class MailServer:
    def __init__(self):
        self.attempts = 0

    def _count(self, message) -> None:
        self.attempts += 1

    def run(self, script: Callable) -> None:
        """`script(attempt, message)` before each message goes out; attempts count from 1."""

        def scripted(message):
            self.attempts += 1
            script(self.attempts, message)

        ScriptedBackend.script = scripted

    def fail_from(self, attempt: int, error: BaseException) -> None:
        """Refuse every message from the `attempt`-th on."""

        def refuse(number, message):
            if number >= attempt:
                raise error

        self.run(refuse)

    def recover(self) -> None:
        ScriptedBackend.script = self._count
