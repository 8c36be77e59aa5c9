"""Mail servers that fail the way real ones do, for the reminder sweep's tests: a
port on 127.0.0.1 where nothing listens, and a server that accepts a connection and
never says a word."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Any

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def closed_port() -> int:
    """A port on 127.0.0.1 that refuses connections: one the system just handed out
    and that nobody listens on any more."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def use_smtp(settings: Any, port: int, *, timeout: int = 1) -> None:
    """Send through Django's real SMTP backend to 127.0.0.1:`port`, in plain text."""
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


class SilentServer:
    """Accepts one connection on 127.0.0.1 and never answers, not even with the
    greeting an SMTP client waits for. Use as a context manager."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.accepted = threading.Event()
        self._client: socket.socket | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        try:
            self._client, _ = self._listener.accept()
        except OSError:  # closed before anyone connected
            return
        self.accepted.set()

    def client_is_waiting(self) -> bool:
        """Whether the accepted client still holds its connection open (it has not
        given up and closed it)."""
        if self._client is None:
            return False
        self._client.setblocking(False)
        try:
            return self._client.recv(1) != b""
        except BlockingIOError:  # open, and nothing to read: still waiting for us
            return True
        finally:
            self._client.setblocking(True)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # shutdown() wakes an accept() still waiting in the thread; close() alone
        # does not on Linux.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        if self._client is not None:
            self._client.close()
        self._thread.join(timeout=5)
