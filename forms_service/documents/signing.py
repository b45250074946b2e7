"""Who signs for a body: the "T/M" block of a party document. The rule is the domain's
(domain/signing.py), shared with the number of the introduction letter."""
from __future__ import annotations

from ..domain.signing import SIGNING_FILE, signature_lines

__all__ = ["SIGNING_FILE", "signature_lines"]
