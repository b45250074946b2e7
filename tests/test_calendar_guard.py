"""The calendar guard (tests/calendar_guard.py): a test that reads the calendar without the
`calendar` mark fails, saying to mark it; a marked one, or a session-wide fixture, may read it."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from forms_service.config import PROJECT_ROOT

SAMPLES = {
    "test_reads.py": '''
        import pytest
        from forms_service.domain import clock

        @pytest.fixture(scope="session")
        def built_around_today():
            return clock.today()

        def test_unmarked_reads():
            assert clock.today().year > 2000

        def test_unmarked_reads_through_calendar_now():
            assert clock.calendar_now().year > 2000

        def test_unmarked_swallows_the_error():
            try:
                clock.today()
            except Exception:
                pass

        @pytest.fixture
        def day_of_this_test():
            return clock.today()

        def test_unmarked_fixture_reads(day_of_this_test):
            pass

        @pytest.mark.calendar
        def test_marked_reads():
            assert clock.today().year > 2000

        def test_session_fixture_reads(built_around_today):
            assert built_around_today.year > 2000

        def test_timestamp_only():
            assert clock.now().year > 2000
    ''',
    "dates_helper.py": '''
        from forms_service.domain import clock
        YEAR = clock.today().year
    ''',
    "test_imports_a_reader.py": '''
        from .dates_helper import YEAR

        def test_uses_year():
            assert YEAR > 2000
    ''',
    "test_marked_module.py": '''
        import pytest
        from .dates_helper import YEAR
        pytestmark = pytest.mark.calendar

        def test_uses_year():
            assert YEAR > 2000
    ''',
}
EXPECTED = {
    "test_reads.py::test_unmarked_reads": "FAILED",
    "test_reads.py::test_unmarked_reads_through_calendar_now": "FAILED",
    "test_reads.py::test_unmarked_swallows_the_error": "FAILED",
    "test_reads.py::test_unmarked_fixture_reads": "ERROR",
    "test_reads.py::test_marked_reads": "PASSED",
    "test_reads.py::test_session_fixture_reads": "PASSED",
    "test_reads.py::test_timestamp_only": "PASSED",
    "test_imports_a_reader.py::test_uses_year": "ERROR",
    "test_marked_module.py::test_uses_year": "PASSED",
}


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])
def test_unmarked_reads_fail_with_how_to_mark(tmp_path, workers):
    folder = tmp_path / "calendar_sample"
    folder.mkdir()
    for name, source in SAMPLES.items():
        (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    calendar: reads the calendar\n"
                                         "    calendar_not_marked: set by the guard\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider",
                          "-p", "tests.calendar_guard", *workers,
                          "--rootdir", str(tmp_path), "-c", str(tmp_path / "pytest.ini"), str(folder)],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    outcomes = {line.split()[1].split("calendar_sample/")[-1]: line.split()[0] for line in run.stdout.splitlines()
                if line.split()[:1] and line.split()[0] in ("PASSED", "FAILED", "ERROR")}
    assert outcomes == EXPECTED, run.stdout + run.stderr
    assert "mark it @pytest.mark.calendar" in run.stdout
