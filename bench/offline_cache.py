"""The size of the handbook's offline cache: every address the service worker keeps (read from the
served /sw.js, as a phone reads it), fetched from the running service and added up as stored (the
decoded body, which is what the Cache API keeps). The goal: at most 5 MB (issue 21)."""
from __future__ import annotations

import json
import re
from typing import Callable

GOAL_BYTES = 5 * 1024 * 1024
LISTS = re.compile(r"^const (DANH_SACH|MAU_TRANG|TRANG_NGOAI_TUYEN) = (.*);$", re.M)


def kept_addresses(worker_source: str) -> list[str]:
    found = {name: json.loads(value) for name, value in LISTS.findall(worker_source)}
    return found["DANH_SACH"] + found["MAU_TRANG"] + [found["TRANG_NGOAI_TUYEN"]]


def cache_size(get: Callable[[str], bytes]) -> dict:
    """`get(path)` returns the body the service sends for `path` (decoded)."""
    sizes = {path: len(get(path)) for path in kept_addresses(get("/sw.js").decode("utf-8"))}
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    return {"files": len(sizes), "bytes": total, "goal_bytes": GOAL_BYTES, "goal_met": total <= GOAL_BYTES,
            "largest": dict(largest)}
