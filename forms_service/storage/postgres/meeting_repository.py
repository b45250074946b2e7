"""(to be written)"""
from __future__ import annotations

from .database import Database


class MeetingRepository:
    def __init__(self, db: Database):
        self.db = db
