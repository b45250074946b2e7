"""The training room's seat cards: one A5 card per seat, handed out at the door, with the
address, the seat's accounts and what each is for, the class password (or a line to write
it on) and the first case to try. Wording from data/training/training-room.json."""
from __future__ import annotations

from ..domain.training_room import Seat, room_data
from .render import render_pdf

TEMPLATE = "training_room/seat_cards.html"


def card(seat: Seat) -> dict:
    data = room_data()
    return {"seat": seat.name, "number": f"{seat.number:02d}",
            "accounts": [{"username": seat.username(a["suffix"]), "for": a["for"]} for a in data["accounts"]],
            "first_case": data["first_case"]["title"],
            "first_steps": data["first_case"]["steps"].format(seat=seat.name)}


def seat_cards_pdf(seats: list[Seat], address: str, password: str = "") -> bytes:
    return render_pdf(TEMPLATE, cards=[card(seat) for seat in seats], address=address, password=password)
