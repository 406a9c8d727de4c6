"""Linking: name matching over the graph's labels, the W3C reconciliation service, Wikidata."""
