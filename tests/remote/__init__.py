"""Tests of the remote store against a real `oxigraph serve` process (marker `server`)."""
