"""Run the same work in several threads released together, as several clients would."""
from __future__ import annotations

import threading
from typing import Callable


def run_at_once(count: int, work: Callable[[], object], timeout_s: float = 120) -> tuple[list, list[Exception]]:
    """`work()` in `count` threads started at the same moment: (what each returned, what each raised)."""
    results, failures = [], []
    start = threading.Barrier(count)

    def one():
        start.wait()
        try:
            results.append(work())
        except Exception as error:  # noqa: BLE001 (handed to the test, which asserts there is none)
            failures.append(error)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout_s)
    return results, failures
