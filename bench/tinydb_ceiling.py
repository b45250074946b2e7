"""Where the file store stops: the time of one letter's send (a unit of work that rewrites the
whole file, fsync included) as the store grows, on a generated province.

`python -m bench.tinydb_ceiling [letters …]` prints, for each number of stored letters, the
file's size and the median and worst of SENDS sends through the application layer
(services.letters.submit, as the send page calls it), in wall-clock time and in the CPU time
of the process (which a machine loaded by other work inflates far less), and the read of a
changed file by a worker that had the old one in memory (every other worker pays it after
each change). The ceiling written in storage/tinydb/check.py (CEILING_BYTES) is the size at
which the median send passes LIMIT_MS on the project's 2-core machine.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from forms_service.services import letters
from forms_service.storage import open_store

from .letters_gen import generate_letters
from .province import generate_province

SENDS = 7
LIMIT_MS = 200
SIZES = [1_000, 10_000, 20_000, 40_000, 80_000]


def measure(letter_count: int, folder: Path) -> dict:
    province = generate_province(folder, communes=10, cells_per_commune=10, workplaces=40, members=3000, years=2)
    generate_letters(province, letter_count, years=2)
    repos, reader = open_store(folder), open_store(folder)
    reader.letters.get("VS-0000-00000")   # the other worker has the file in memory
    took, cpu, reloads = [], [], []
    for n, member in enumerate(province.members[:SENDS]):
        meeting = province.meetings_of[member.residence_cell_id][-1]
        began, began_cpu = time.perf_counter(), time.process_time()
        letters.submit(repos, "mau", member, [meeting.id], [], "cong_tac", "Đi công tác", f"tran-{n}", mail=True)
        took.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        began = time.perf_counter()
        reader.letters.count_waiting_for_cell(member.residence_cell_id)
        reloads.append((time.perf_counter() - began) * 1000)
    size = repos.store.size()
    return {"letters": letter_count, "file_mb": round(size / 1024 / 1024, 1), "send_ms_median": round(statistics.median(took)),
            "send_ms_worst": round(max(took)), "send_cpu_ms_median": round(statistics.median(cpu)),
            "reload_ms_median": round(statistics.median(reloads))}


def main(sizes: list[int]) -> None:
    print(f"{'thư':>8} {'tệp MB':>7} {'gửi ms (trung vị)':>18} {'gửi ms (chậm nhất)':>19} {'gửi ms CPU':>11} "
          f"{'nạp lại ms':>11}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as folder:
            found = measure(count, Path(folder) / "data")
        print(f"{found['letters']:>8} {found['file_mb']:>7} {found['send_ms_median']:>18} {found['send_ms_worst']:>19} "
              f"{found['send_cpu_ms_median']:>11} {found['reload_ms_median']:>11}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or SIZES)
