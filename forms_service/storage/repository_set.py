"""The fifteen repositories every store fills, in one place: each backend's Repositories is
this dataclass plus what opens, checks and closes its own store."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from .contract import (Accounts, Audit, Comments, FrontOpinions, Introductions, KeptDocuments, Letters, Meetings,
                       Members, Outbox, Reminders, RuleSwitches, Summaries, Tokens, Units)


@dataclass
class RepositorySet:
    units: Units
    members: Members
    accounts: Accounts
    audit: Audit
    meetings: Meetings
    letters: Letters
    register: Summaries
    comments: Comments
    introductions: Introductions
    tokens: Tokens
    outbox: Outbox
    front: FrontOpinions
    reminders: Reminders
    rule_switches: RuleSwitches
    kept: KeptDocuments

    def for_one_request(self):
        """A store without a connection to keep has nothing to hold for a request (the SQL store
        overrides this)."""
        return nullcontext()
