"""The fifteen repositories every store fills, in one place: each backend's Repositories is
this dataclass plus what opens, checks and closes its own store."""
from __future__ import annotations

from dataclasses import dataclass

from .contract import (Accounts, Audit, Comments, FrontOpinions, Introductions, KeptDocuments, Letters, Meetings,
                       Members, Outbox, Reminders, RuleSwitches, AttendanceNumbers, Tokens, Units)


@dataclass
class RepositorySet:
    units: Units
    members: Members
    accounts: Accounts
    audit: Audit
    meetings: Meetings
    letters: Letters
    attendance_numbers: AttendanceNumbers
    comments: Comments
    introductions: Introductions
    tokens: Tokens
    outbox: Outbox
    front_committee: FrontOpinions
    reminders: Reminders
    rule_switches: RuleSwitches
    kept: KeptDocuments
