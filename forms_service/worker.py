"""The slow work out of requests: `python -m forms_service worker` sends the outbox and makes
the kept printed copies of the render queue, round after round, until SIGTERM (or Ctrl-C).

A stop finishes the item in hand (one mail, one document) and then leaves; what is left waits
in the store for the next start. Failures are put off with back-off by the services, the
attempts kept in the store, so a restart neither forgets them nor tries too early."""
from __future__ import annotations

import logging
import signal
import threading

from .domain import clock
from .services import kept_documents, notify
from .services.smtp import MailSettings
from .storage import Repositories, StoreError

log = logging.getLogger(__name__)
IDLE_SECONDS = 5.0   # between rounds that found nothing to do: a new mail waits at most this long


class Worker:
    def __init__(self, repos: Repositories, settings: MailSettings, idle_seconds: float = IDLE_SECONDS):
        self.repos, self.settings, self.idle_seconds = repos, settings, idle_seconds
        self.stopping = threading.Event()

    def keep_going(self) -> bool:
        return not self.stopping.is_set()

    def stop(self, *_signal) -> None:
        self.stopping.set()

    def run_once(self) -> int:
        """One round: the mail due, then the renders due. Returns how many items went."""
        now = clock.now()
        sent, _ = notify.deliver(self.repos, self.settings, now, self.keep_going)
        kept, _ = kept_documents.render_due(self.repos, self.settings.public_url, now, self.keep_going)
        return sent + kept

    def stop_on_signals(self) -> None:
        """SIGTERM (systemd, `serve` stopping) and Ctrl-C end the worker after the item in hand."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        log.info("worker started on %s", self.repos.location)
        while self.keep_going():
            try:
                done = self.run_once()
            except StoreError:  # a store that is down for a moment: try again next round
                log.exception("worker round failed; trying again in %s s", self.idle_seconds)
                done = 0
            if not done:
                self.stopping.wait(self.idle_seconds)
        log.info("worker stopped")
