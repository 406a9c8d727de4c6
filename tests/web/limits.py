"""The row cap and body limit of the web tests' live server (see conftest.py)."""

MAX_ROWS = 500
MAX_BODY = 256 * 1024
