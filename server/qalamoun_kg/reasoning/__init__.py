"""OWL 2 RL inference: owlrl's closure, computed fast and kept up to date after writes.

See docs/reasoning.md. `materialize` fills the inferred graph, `maintain` updates it for a
change, `inconsistencies` lists OWL RL clashes.
"""

from qalamoun_kg.reasoning.consistency import Clash, inconsistencies
from qalamoun_kg.reasoning.materialize import ensure_inferred, maintain, materialize

__all__ = ["Clash", "ensure_inferred", "inconsistencies", "maintain", "materialize"]
