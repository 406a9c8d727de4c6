"""INSERT/DELETE DATA read by Oxigraph's TriG parser give exactly what the full SPARQL path gives,
and whatever that reading is not sure of is left to the full path."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from qalamoun_kg.execution.run import Deadline
from qalamoun_kg.store import open_store
from qalamoun_kg.updates.evaluate import apply_update
from qalamoun_kg.updates.overlay import Overlay
from qalamoun_kg.updates.parse import parse_update
from qalamoun_kg.updates.quad_data import data_operations
from qalamoun_kg.updates.writer import apply_data
from tests.support.rdf import assert_same_dataset

EX = "http://example.org/"
SEED = f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> . GRAPH <{EX}g> {{ <{EX}s> <{EX}p> 1 }} }}"

READ_BY_TRIG = [
    f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> . }}",
    f"insert data {{ graph <{EX}g2> {{ <{EX}a> <{EX}b> 'x'@en , \"y\"^^xsd:string }} }}",
    'INSERT DATA { qr:place\\/x rdfs:label "x"@en ; skos:altLabel "y" ; }',
    f"PREFIX ex: <{EX}> INSERT DATA {{ ex:a ex:b 1, 1.50, 1e3, -2, true, false }}",
    f'INSERT DATA {{ <{EX}a> <{EX}b> "01"^^xsd:integer, "x"^^<{EX}t> }}',
    f"BASE <{EX}base/> INSERT DATA {{ <a> <b> <#c> }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> _:x . _:x <{EX}c> [ <{EX}d> ( 1 2 ) ] }}",
    f'INSERT DATA {{ <{EX}a> <{EX}b> """multi\nline # not a comment {{ }}""" }} # a comment {{',
    f"INSERT DATA {{ <{EX}a> <{EX}b> 2 }} ; DELETE DATA {{ <{EX}s> <{EX}p> <{EX}o> }} ;",
    f"DELETE DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> 1 }} }} ; PREFIX e: <{EX}> "
    f"INSERT DATA {{ GRAPH e:g {{ e:s e:p 2 }} }}",
    f"DELETE DATA {{ <{EX}nothing> <{EX}p> 1 }}",
    "INSERT DATA { }",
]

LEFT_TO_SPARQL = [
    f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> GRAPH <{EX}g> {{ <{EX}a> <{EX}b> 1 }} }}",
    f"INSERT DATA {{ <{EX}g> {{ <{EX}a> <{EX}b> 1 }} }}",
    f"INSERT DATA {{ {{ <{EX}a> <{EX}b> 1 }} }}",
    f"DELETE DATA {{ <{EX}a> <{EX}b> _:x }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> ?x }}",
    f"INSERT DATA {{ @prefix e: <{EX}> . e:a e:b 1 }}",
    f"INSERT DATA {{ PREFIX e: <{EX}> e:a e:b 1 }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> TRUE }}",
    f"INSERT {{ <{EX}a> <{EX}b> 1 }} WHERE {{ }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> 1 }} ; LOAD <{EX}doc>",
    f"INSERT DATA {{ <{EX}a> <{EX}b> _:x }} ; INSERT DATA {{ <{EX}c> <{EX}d> _:x }}",
    f"INSERT DATA {{ <{EX}a> <{EX}b> 1 }} CLEAR ALL",
    f"INSERT DATA {{ <{EX}a> <{EX}b> 1 ",
    "PREFIX e: <http://example.org/>",
]


def _after(text: str, fast: bool) -> ox.Store:
    """The seeded store after the update, by one path or the other (nothing is committed)."""
    store = open_store("memory")
    store.update(SEED)
    overlay = Overlay(store)
    if fast:
        operations = data_operations(text)
        assert operations is not None
        apply_data(overlay, operations)
    else:
        apply_update(overlay, parse_update(text), Deadline(30), lambda _url: [])
    result = ox.Store()
    result.extend(q for q in store.quads() if q not in set(overlay.delta().removed))
    result.extend(overlay.delta().added)
    return result


@pytest.mark.parametrize("text", READ_BY_TRIG)
def test_trig_reading_equals_the_sparql_path(text: str) -> None:
    assert_same_dataset(_after(text, fast=True), _after(text, fast=False))
