"""The delivery kinds: the web pages, the command line and the templates iterate over these.

Adding a kind: write its module (plan function and ``KIND`` declaration, as ``kivi.py``)
and add it to ``KINDS`` below; see docs/decisions.md.
"""

from __future__ import annotations

from domain.deliveries import bedrijvendagen, kivi, nse, schools
from domain.deliveries.plans import Kind

KINDS: dict[str, Kind] = {
    k.key: k for k in (kivi.KIND, schools.KIND, bedrijvendagen.KIND, nse.KIND)
}


def kind_of(key: str) -> Kind | None:
    return KINDS.get(key)
