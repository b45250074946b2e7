"""Returned comments of one workplace, for the ZIP batch download: seeded through the
application layer, kept by the `render` command, then downloaded as the year's ZIP."""
from __future__ import annotations

import io
import time
import zipfile

from forms_service.domain import clock
from forms_service.storage import open_store

from .client import Client


def seed_returned_comments(root, workplace_id: str, count: int = 200) -> int:
    """Ask, fill and send `count` comments through the application layer, as people would."""
    from forms_service.domain import clock
    from forms_service.domain.comments import comment_form
    from forms_service.services import comments
    repos = open_store(root)
    spec = comment_form()
    year = clock.today().year
    members = [m for m in repos.members.of_workplace(workplace_id) if m.residence_cell_id][:count]
    requests, _ = comments.request(repos, "bench", workplace_id, year, members, token=f"bench-{workplace_id}-{year}")
    for comment in requests:
        ratings = {c.id: c.levels[0][0] for c in spec.criteria(comment.variant)}
        comments.save(repos, "bench", comment.code, ratings, spec.proposals[0][0], "Gương mẫu ở khu dân cư.",
                      "Nguyễn Văn Ký")
        comments.send(repos, "bench", comment.code)
    return len(requests)


def keep_batch(root, public_url: str) -> dict:
    """`render`: the kept copies of every returned comment, on every core."""
    from forms_service.services.render_batch import render_missing
    started = time.perf_counter()
    kept, failed = render_missing(open_store(root), public_url, clock.today().year, "phieu-nhan-xet")
    return {"kept": kept, "failed": len(failed), "render_s": round(time.perf_counter() - started, 1)}


def time_batch(port: int, username: str, password: str) -> dict:
    client = Client(port, timeout=300)
    client.sign_in(username, password)
    started = time.perf_counter()
    response = client.get(f"/dich-vu/phieu-nhan-xet/nam-{clock.today().year}.zip")
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"batch answered {response.status}")
    entries = len(zipfile.ZipFile(io.BytesIO(response.body)).namelist())
    return {"seconds": round(seconds, 2), "documents": entries, "zip_bytes": len(response.body)}
