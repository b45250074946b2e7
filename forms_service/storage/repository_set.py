"""The repositories every store fills, made from the contract's own list (the annotations of
`Repositories`), so that a repository is named once: each backend's Repositories is this
dataclass plus what opens, checks and closes its own store."""
from __future__ import annotations

from dataclasses import make_dataclass

from .contract import Repositories

# `__module__` so that the class says where it is made (make_dataclass would say `types`)
RepositorySet = make_dataclass("RepositorySet", list(Repositories.__annotations__.items()),
                               namespace={"__module__": __name__})
