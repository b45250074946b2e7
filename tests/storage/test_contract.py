"""Each of the three stores (TinyDB file, SQLite, PostgreSQL) implements the storage contract
method for method, with the same parameters, so the application layer can be handed any of them."""
from __future__ import annotations

import inspect
import typing

from forms_service.storage import contract


def public_methods(cls) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(member) for name, member in vars(cls).items()
            if callable(member) and not name.startswith("_")}


def parameters(signature: inspect.Signature) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in signature.parameters.values() if p.name != "self"]


def test_every_repository_has_every_method_of_the_contract(repos):
    hints = typing.get_type_hints(contract.Repositories)
    assert set(hints) == {"units", "members", "accounts", "audit", "meetings", "letters", "attendance_numbers",
                          "comments", "introductions", "tokens", "outbox", "front_committee", "reminders",
                          "rule_switches", "kept"}
    missing = []
    for name, protocol in hints.items():
        implementation = type(getattr(repos, name))
        for method, signature in public_methods(protocol).items():
            if not hasattr(implementation, method):
                missing.append(f"{name}.{method}")
            elif parameters(inspect.signature(getattr(implementation, method))) != parameters(signature):
                missing.append(f"{name}.{method}{inspect.signature(getattr(implementation, method))} != {signature}")
    for method, signature in public_methods(contract.Repositories).items():
        found = getattr(type(repos), method, None)
        if found is None or (callable(found) and parameters(inspect.signature(found)) != parameters(signature)):
            missing.append(method)
    assert missing == []
