"""Oxigraph's syntax error for an update, found in a child process that has no network and runs
nothing: the update is parsed and evaluated on an empty throwaway store, so a SERVICE or LOAD
in it fails, and a parser crash costs only the child."""

from __future__ import annotations

import json
import subprocess
import sys

SECONDS = 5.0


def diagnose(text: str, prefixes: dict[str, str]) -> str | None:
    """Oxigraph's parser message for the text, or None when it parses (or no answer came)."""
    request = json.dumps({"text": text, "prefixes": prefixes}).encode("utf-8", "surrogatepass")
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__],
            input=request,
            capture_output=True,
            timeout=SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.decode("utf-8", "replace").strip()
    return answer or None


def main() -> None:
    """In the child: drop the network (or give up), then try the update; print a syntax error."""
    from qalamoun_kg.netns import drop_network, network_gone

    if not (drop_network() and network_gone()):
        return
    import pyoxigraph

    request = json.loads(sys.stdin.buffer.read())
    try:
        pyoxigraph.Store().update(request["text"], prefixes=request["prefixes"])
    except SyntaxError as error:
        print(str(error.args[0]) if error.args else str(error))
    except Exception:  # an evaluation error says nothing about the syntax
        pass


if __name__ == "__main__":
    main()
