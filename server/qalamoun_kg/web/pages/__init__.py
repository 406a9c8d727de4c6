"""Shared pieces of the HTML pages: links for IRIs, date filters, format negotiation, headers."""
