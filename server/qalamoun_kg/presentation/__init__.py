"""Gather what a page shows: plain data shared by the HTML pages and their JSON twins.

Nothing here knows about HTTP or HTML; the web layer renders these dataclasses.
"""
