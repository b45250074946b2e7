"""The demo province for training rooms and tests: load it, or put it back as it was."""
from __future__ import annotations

from .domain.demo import DEMO_FILE, demo_data, demo_meeting_dates
from .services.demo import load_demo, reset_demo


__all__ = ["DEMO_FILE", "demo_data", "demo_meeting_dates", "load_demo", "reset_demo"]
