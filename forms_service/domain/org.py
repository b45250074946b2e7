"""Organisation structure: province -> commune/ward committees -> residence cells,
with workplace grassroots organisations beside them (no district level since 1/7/2025,
Quy định 294-QĐ/TW)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from enum import StrEnum

from .local_rules import Locality


class UnitKind(StrEnum):
    PROVINCE = "tinh"
    COMMUNE = "xa_phuong"            # Đảng ủy xã / phường / đặc khu
    RESIDENCE_CELL = "chi_bo_cu_tru"  # chi bộ ấp, khóm, khu phố
    SUPERIOR = "cap_tren_co_so"      # a bloc committee above workplace organisations
    WORKPLACE = "co_so_cong_tac"     # tổ chức cơ sở đảng nơi đảng viên công tác


KIND_LABELS = {
    UnitKind.PROVINCE: "Đảng bộ tỉnh",
    UnitKind.COMMUNE: "Đảng ủy xã, phường",
    UnitKind.RESIDENCE_CELL: "Chi bộ nơi cư trú",
    UnitKind.SUPERIOR: "Đảng bộ cấp trên cơ sở",
    UnitKind.WORKPLACE: "Tổ chức cơ sở đảng nơi công tác",
}

# Who may be the parent of whom; an import that breaks this is refused.
ALLOWED_PARENTS = {
    UnitKind.PROVINCE: (None,),
    UnitKind.COMMUNE: (UnitKind.PROVINCE,),
    UnitKind.RESIDENCE_CELL: (UnitKind.COMMUNE,),
    UnitKind.SUPERIOR: (UnitKind.PROVINCE,),
    UnitKind.WORKPLACE: (UnitKind.SUPERIOR, UnitKind.PROVINCE, UnitKind.COMMUNE),
}


@dataclass(frozen=True)
class Unit:
    id: str
    kind: UnitKind
    name: str          # as printed in a document header, e.g. "Chi bộ Khóm 1"
    parent_id: str | None
    place: str = ""    # địa danh for the date line, e.g. "Hòa An Tây"
    # a commune of a merged province: the former province it was part of (its "tiền thân",
    # an id of the rule book's former_provinces), where a local practice of that part differs
    former_province: str = ""
    # the unit's earlier names, oldest first: {"name", "until" (ISO date), "merged_from" (a unit
    # merged into this one, or "")}. Documents already issued keep the name they were printed with.
    former_names: tuple = ()
    # the unit this one was merged into: it stays in the store so that old records still name it,
    # but no list offers it any more
    merged_into: str = ""

    def to_record(self) -> dict:
        return asdict(self) | {"kind": str(self.kind), "former_names": [dict(n) for n in self.former_names]}

    @classmethod
    def from_record(cls, record: dict) -> "Unit":
        return cls(id=record["id"], kind=UnitKind(record["kind"]), name=record["name"],
                   parent_id=record.get("parent_id"), place=record.get("place", ""),
                   former_province=record.get("former_province", ""),
                   former_names=tuple(dict(n) for n in record.get("former_names", ())),
                   merged_into=record.get("merged_into", ""))


def rename_problem(unit: Unit, new_name: str) -> str | None:
    if not new_name.strip():
        return "Vui lòng nhập tên mới của đơn vị."
    if new_name.strip() == unit.name:
        return "Tên mới giống tên đang dùng."
    if unit.merged_into:
        return "Đơn vị này đã sáp nhập vào đơn vị khác."
    return None


def renamed(unit: Unit, new_name: str, on: date) -> Unit:
    """The unit under its new name, the old one kept with the day it was last used."""
    return replace(unit, name=new_name.strip(),
                   former_names=unit.former_names + ({"name": unit.name, "until": on.isoformat(), "merged_from": ""},))


# the kinds of unit that are merged (2025: communes and wards; cells of merged hamlets; workplaces)
MERGEABLE = (UnitKind.COMMUNE, UnitKind.RESIDENCE_CELL, UnitKind.SUPERIOR, UnitKind.WORKPLACE)


def merge_problem(source: Unit, target: Unit) -> str | None:
    """Why `source` cannot be merged into `target`, in Vietnamese, or None."""
    if source.id == target.id:
        return "Không thể sáp nhập một đơn vị vào chính nó."
    if source.kind != target.kind or source.kind not in MERGEABLE:
        return f"Chỉ sáp nhập hai đơn vị cùng loại; {source.name} và {target.name} khác loại."
    if source.merged_into or target.merged_into:
        return "Một trong hai đơn vị đã được sáp nhập trước đây."
    return None


def merged(source: Unit, target: Unit, on: date) -> tuple[Unit, Unit]:
    """(the source, now pointing to the unit it joined; the target, with the source's name in
    its history)."""
    return (replace(source, merged_into=target.id),
            replace(target, former_names=target.former_names + (
                {"name": source.name, "until": on.isoformat(), "merged_from": source.id},)))


class OrgStructure:
    """The units of one province, with the look-ups the pages and rules need."""

    def __init__(self, units: list[Unit]):
        self.units = {unit.id: unit for unit in units}
        self._children: dict[str | None, list[Unit]] | None = None

    def _by_parent(self) -> dict[str | None, list[Unit]]:
        """parent -> its units in Vietnamese order, made on first use: a province table
        asks it of every commune."""
        if self._children is None:
            self._children = {}
            for unit in sorted(self.units.values(), key=lambda u: vietnamese_sort_key(u.name)):
                if not unit.merged_into:   # a merged unit is kept for old records, listed nowhere
                    self._children.setdefault(unit.parent_id, []).append(unit)
        return self._children

    def get(self, unit_id: str | None) -> Unit | None:
        return self.units.get(unit_id) if unit_id else None

    def parent(self, unit_id: str) -> Unit | None:
        unit = self.get(unit_id)
        return self.get(unit.parent_id) if unit else None

    def of_kind(self, kind: UnitKind) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.kind == kind and not u.merged_into),
                      key=lambda u: vietnamese_sort_key(u.name))

    def children(self, unit_id: str, kind: UnitKind | None = None) -> list[Unit]:
        return [u for u in self._by_parent().get(unit_id, []) if kind is None or u.kind == kind]

    def commune_of(self, cell_id: str | None) -> str | None:
        """The commune/ward committee a residence cell belongs to."""
        cell = self.get(cell_id)
        return cell.parent_id if cell and cell.kind == UnitKind.RESIDENCE_CELL else None

    def province_of(self, unit_id: str | None) -> str | None:
        """The province a unit belongs to (whose local practices apply to it)."""
        unit = self.get(unit_id)
        while unit is not None and unit.kind != UnitKind.PROVINCE:
            unit = self.get(unit.parent_id)
        return unit.id if unit else None

    def locality_of(self, unit_id: str | None) -> Locality:
        """Where a unit is, as the rule book of local practices asks: its province, and the
        commune or ward it is in or is (with that commune's former province)."""
        unit = self.get(unit_id)
        while unit is not None and unit.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):
            unit = self.get(unit.parent_id)
        commune = unit if unit is not None and unit.kind == UnitKind.COMMUNE else None
        return Locality(self.province_of(unit_id), commune.id if commune else None,
                        (commune.former_province or None) if commune else None)


UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


def validate_unit(unit: Unit, org: OrgStructure) -> str | None:
    """Why this unit cannot join the structure, in Vietnamese, or None if it can."""
    if not UNIT_ID.match(unit.id):
        return "mã đơn vị chỉ gồm chữ thường không dấu, số và dấu gạch ngang, dài 2–60 ký tự"
    if not unit.name.strip():
        return "thiếu tên đơn vị"
    allowed = ALLOWED_PARENTS[unit.kind]
    parent = org.get(unit.parent_id)
    if parent is None:
        if None in allowed and not unit.parent_id:
            return None
        return f"không tìm thấy đơn vị cấp trên “{unit.parent_id or ''}”"
    if parent.kind not in allowed:
        return f"{KIND_LABELS[unit.kind]} không thể trực thuộc {KIND_LABELS[parent.kind].lower()}"
    return None


# Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư …, tones after letters.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key that orders Vietnamese text as a Vietnamese reader expects.

    Python's default order puts "Đ" after "Z" and "Ă" after "Z". Here each letter is
    ranked in the Vietnamese alphabet, and tone marks only break ties.
    """
    import unicodedata

    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            tones[-1:] = [_TONES[char]]
            continue
        if unicodedata.combining(char) and letters:
            # breve, circumflex, horn: recompose with the base letter
            base = letters.pop()
            composed = unicodedata.normalize("NFC", base[1] + char)
            letters.append(_rank(composed))
            continue
        letters.append(_rank(char))
        tones.append(0)
    return tuple(rank for rank, _ in letters), tuple(tones)


def _rank(char: str) -> tuple[tuple, str]:
    index = _ALPHABET.find(char)
    return ((1, index) if index >= 0 else (0 if char.isspace() else 2, ord(char))), char


def person_sort_key(name: str) -> tuple:
    """Vietnamese names are sorted by given name (the last word), then the whole name."""
    return vietnamese_sort_key(name.split()[-1] if name.split() else ""), vietnamese_sort_key(name)


def sort_people(names: list[str]) -> list[str]:
    return sorted(names, key=person_sort_key)


def sort_by_person(items: list, name=lambda item: item.full_name) -> list:
    """Records (members, comments, introductions…) in the Vietnamese order of their person's name."""
    return sorted(items, key=lambda item: person_sort_key(name(item)))
