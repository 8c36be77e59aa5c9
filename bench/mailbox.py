"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can
go down and come back on the same port: the mail fault of the load test."""

from __future__ import annotations

import email
import email.policy
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller

# aiosmtpd tells of every connection at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Received:
    recipients: tuple[str, ...]
    subject: str
    body: str


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        body = "\n".join(
            str(part.get_content())
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
        with self.mailbox.lock:
            self.mailbox.received.append(
                Received(
                    tuple(address.lower() for address in envelope.rcpt_tos),
                    str(message["Subject"] or ""),
                    body,
                )
            )
        return "250 Message accepted for delivery"


class Mailbox:
    """SMTP on 127.0.0.1:`port`: `stop()` makes it refuse connections (nothing
    listens), `start()` brings it back on the same port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def per_recipient(self) -> Counter[str]:
        """Messages received for each recipient address."""
        with self.lock:
            return Counter(
                address for message in self.received for address in message.recipients
            )
