"""(to be written)"""
from __future__ import annotations

from .database import Database


class UnitRepository:
    def __init__(self, db: Database):
        self.db = db


class MemberRepository:
    def __init__(self, db: Database):
        self.db = db


class AccountRepository:
    def __init__(self, db: Database):
        self.db = db
