"""Knowledge graph of the Qalamoun offensive (June–August 2014)."""

__version__ = "0.1.0"
