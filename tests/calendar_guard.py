"""Which tests read the calendar: those marked `calendar`, which `make test` runs again under
the frozen dates (--today). A test that reads it without the mark fails, saying to mark it.

The service reads the calendar through forms_service.domain.clock.calendar_now() (today()
goes through it); this plugin watches that one function:
- during a test that is not marked (its setup, call and teardown), a read fails the test;
- a session-wide fixture may read it (the demo is built around today once per run, outside
  any test); a test that depends on the demo's dates takes them from tests/demo_calendar.py,
  which reads the calendar when it is imported, and so:
- a read while the test files are imported (a module-level YEAR…) makes that module a reader,
  and every module that imports a reader (tests.demo_calendar, a helper importing it) too;
  their tests must be marked.
What runs in another process (a server started by a test) is not watched: a test starting one
on the demo's dates imports tests.demo_calendar.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from forms_service.domain import clock

MARK = "calendar"
HOW_TO_MARK = ("reads the calendar (clock.today() or clock.calendar_now()) but is not marked: "
               "mark it @pytest.mark.calendar (a whole file: pytestmark = pytest.mark.calendar), "
               "so that `make test` runs it under the frozen dates (--today) too")


class CalendarNotMarked(Exception):
    pass


class Watch:
    collecting = False
    test: pytest.Item | None = None   # the running test, when it is not marked
    in_session_fixture = 0
    modules_reading: set[str] = set()  # modules that read the calendar when imported
    offenders: set[str] = set()       # node ids of unmarked tests that read it


def watched(read):
    def calendar_now():
        if Watch.collecting:
            frame = sys._getframe(1)
            while frame:
                if frame.f_code.co_name == "<module>":
                    Watch.modules_reading.add(frame.f_globals.get("__name__", ""))
                frame = frame.f_back
        elif Watch.test is not None and not Watch.in_session_fixture:
            Watch.offenders.add(Watch.test.nodeid)
            raise CalendarNotMarked(f"{Watch.test.nodeid} {HOW_TO_MARK}")
        return read()
    calendar_now.__doc__ = read.__doc__
    return calendar_now


def pytest_configure(config):
    clock.calendar_now = watched(clock.calendar_now)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    Watch.collecting = True
    try:
        return (yield)
    finally:
        Watch.collecting = False


def imported_names(module) -> set[str]:
    """The names `module` imports (read from its source): modules, and names from modules."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = (module.__package__ or "").split(".")
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            stem = ".".join(part for part in (base, node.module or "") if part)
            names.add(stem)
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return names


def reading_modules(config) -> set[str]:
    """The test modules (those under testpaths) that read the calendar when imported, or
    import one that does."""
    roots = [config.rootpath / path for path in config.getini("testpaths")] or [config.rootpath]
    ours = {name: module for name, module in list(sys.modules.items())
            if getattr(module, "__file__", None)
            and any(Path(module.__file__).resolve().is_relative_to(root) for root in roots)}
    imports = {name: imported_names(module) & ours.keys() for name, module in ours.items()}
    readers = Watch.modules_reading & ours.keys()
    while more := {name for name, imported in imports.items() if name not in readers and imported & readers}:
        readers |= more
    return readers


def pytest_collection_modifyitems(config, items):
    readers = reading_modules(config)
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__ in readers and not item.get_closest_marker(MARK):
            item.add_marker(pytest.mark.calendar_not_marked)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item):
    Watch.test = None if item.get_closest_marker(MARK) else item
    try:
        return (yield)
    finally:
        Watch.test = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("calendar_not_marked"):
        pytest.fail(f"{item.nodeid} (its module, or a module it imports, such as tests/demo_calendar.py) "
                    f"{HOW_TO_MARK}", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef):
    session_wide = fixturedef.scope == "session"
    Watch.in_session_fixture += session_wide
    try:
        return (yield)
    finally:
        Watch.in_session_fixture -= session_wide


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A read caught inside the app (a 500 page) still fails the test, with the reason."""
    report = yield
    if item.nodeid in Watch.offenders and report.when == "call" and report.passed:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} {HOW_TO_MARK}"
    return report
