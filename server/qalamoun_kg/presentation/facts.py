"""Small query helpers: run a SELECT, fetch many resources' triples at once, pick labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Triple

from qalamoun_kg.namespaces import RDFS, SKOS
from qalamoun_kg.results import compact_iri
from qalamoun_kg.store import Store

Term: TypeAlias = NamedNode | BlankNode | Literal | Triple
Row: TypeAlias = dict[str, Term | None]
# subject IRI -> predicate IRI -> objects, in the order the store gave them
Facts: TypeAlias = dict[str, dict[str, list[Term]]]

LABEL = str(RDFS.label)
ALT_LABEL = str(SKOS.altLabel)
# Label languages in order of preference; "" is a plain string.
LANGUAGES = ("en", "")


def select(store: Store, sparql: str, *, infer: bool = False) -> list[Row]:
    """The rows of a SELECT query, each a dict of variable name to term (None when unbound)."""
    result = store.query(sparql, infer=infer)
    if not isinstance(result, QuerySolutions):
        raise TypeError("expected a SELECT query")
    names = [variable.value for variable in result.variables]
    return [{name: solution[name] for name in names} for solution in result]


def values(iris: Iterable[str]) -> str:
    """IRIs as the body of a SPARQL `VALUES` block, each written safely by pyoxigraph."""
    return " ".join(str(NamedNode(iri)) for iri in sorted(set(iris)))


def iri_of(term: Term | None) -> str | None:
    """The IRI of a named node, else None."""
    return term.value if isinstance(term, NamedNode) else None


def text_of(term: Term | None) -> str | None:
    """The lexical value of a literal, else None."""
    return term.value if isinstance(term, Literal) else None


def outgoing(store: Store, subjects: Iterable[str]) -> Facts:
    """Every triple of the given subjects, grouped by subject and predicate."""
    subject_list = values(subjects)
    facts: Facts = {}
    if not subject_list:
        return facts
    sparql = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {subject_list} }} ?s ?p ?o }}"
    for row in select(store, sparql):
        subject, predicate, obj = iri_of(row["s"]), iri_of(row["p"]), row["o"]
        if subject is not None and predicate is not None and obj is not None:
            facts.setdefault(subject, {}).setdefault(predicate, []).append(obj)
    return facts


def best_label(objects: Iterable[Term]) -> str | None:
    """The English label, else a plain one, else any."""
    literals = [term for term in objects if isinstance(term, Literal)]
    for language in LANGUAGES:
        for literal in literals:
            if (literal.language or "") == language:
                return literal.value
    return literals[0].value if literals else None


def fallback_label(iri: str) -> str:
    """A readable name for an IRI without a label: its prefixed form."""
    return compact_iri(iri)


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """A label for each IRI: rdfs:label (English first), else skos:altLabel, else its short form."""
    wanted = set(iris)
    found: dict[str, dict[str, list[Term]]] = {}
    if wanted:
        sparql = (
            f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values(wanted)} }} "
            f"VALUES ?p {{ <{LABEL}> <{ALT_LABEL}> }} ?s ?p ?l }}"
        )
        for row in select(store, sparql):
            subject, predicate, label = iri_of(row["s"]), iri_of(row["p"]), row["l"]
            if subject and predicate and label is not None:
                found.setdefault(subject, {}).setdefault(predicate, []).append(label)
    return {iri: _label_from(found.get(iri, {}), iri) for iri in wanted}


def _label_from(by_predicate: Mapping[str, list[Term]], iri: str) -> str:
    """Pick the label of one resource from its rdfs:label and skos:altLabel values."""
    for predicate in (LABEL, ALT_LABEL):
        label = best_label(by_predicate.get(predicate, []))
        if label:
            return label
    return fallback_label(iri)


def ref(iri: str) -> str:
    """An IRI written for SPARQL (`<…>`), validated and escaped by pyoxigraph."""
    return str(NamedNode(iri))


def iris_in(terms: Iterable[Term]) -> list[str]:
    """The IRIs among the terms, in order."""
    return [iri for term in terms if (iri := iri_of(term))]


def first_text(by_predicate: Mapping[str, list[Term]], predicate: object) -> str | None:
    """The first literal value of a predicate in one resource's facts."""
    for term in by_predicate.get(str(predicate), []):
        if isinstance(term, Literal):
            return term.value
    return None


def objects_via(store: Store, subject: str, parent: object) -> list[str]:
    """Objects of a subject through a property or any of its sub-properties."""
    sparql = (
        f"SELECT DISTINCT ?o WHERE {{ {ref(subject)} ?p ?o . "
        f"?p <{RDFS.subPropertyOf}>* <{parent}> }}"
    )
    return [iri for row in select(store, sparql) if (iri := iri_of(row["o"]))]
