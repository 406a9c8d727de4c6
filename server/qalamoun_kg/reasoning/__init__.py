"""OWL 2 RL inference: owlrl's closure, computed fast and kept up to date after writes.

See docs/reasoning.md. `materialize` fills the inferred graph, `inferred_change` says what a
write does to it, `inconsistencies` lists OWL RL clashes.
"""

from qalamoun_kg.reasoning.consistency import Clash, inconsistencies
from qalamoun_kg.reasoning.materialize import (
    Change,
    ensure_inferred,
    inferred_change,
    maintain,
    materialize,
)

__all__ = [
    "Change",
    "Clash",
    "ensure_inferred",
    "inconsistencies",
    "inferred_change",
    "maintain",
    "materialize",
]
