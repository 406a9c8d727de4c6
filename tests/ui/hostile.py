"""Triples whose labels and values are markup, to check that pages show them as text."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from qalamoun_kg.namespaces import QO, RDF, RDFS, SKOS, USER_GRAPH

QR = "https://w3id.org/qalamoun/id/"
SUBJECT = f"{QR}place/hostile-test-village"
SCRIPT_LABEL = "<script>window.qkgPwned = 'script';alert('label')</script>"
IMG_ALT = "<img src=x onerror=\"window.qkgPwned='img'\">"
SUMMARY = "Quote \" and ' and </script><script>window.qkgPwned='summary'</script>"
# A legal IRI (the apostrophe is allowed) that would break out of a single-quoted attribute.
ODD_IRI = "https://example.org/x'onmouseover='window.qkgPwned=1"


def hostile_quads() -> list[Quad]:
    """A village whose label, other name, summary and a link carry markup."""
    graph = NamedNode(str(USER_GRAPH))
    subject = NamedNode(SUBJECT)

    def quad(predicate: object, obj: NamedNode | Literal) -> Quad:
        return Quad(subject, NamedNode(str(predicate)), obj, graph)

    return [
        quad(RDF.type, NamedNode(str(QO.Village))),
        quad(RDFS.label, Literal(SCRIPT_LABEL, language="en")),
        quad(SKOS.altLabel, Literal(IMG_ALT, language="en")),
        quad(QO.summary, Literal(SUMMARY, language="en")),
        quad(RDFS.seeAlso, NamedNode(ODD_IRI)),
        quad(QO.inCountry, NamedNode(f"{QR}country/lebanon")),
    ]
