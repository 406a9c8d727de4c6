"""Leave the network: move this process into a new, empty network namespace (Linux), where any
connection, even to loopback, fails. Kept free of imports so a short-lived child starts fast."""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import sys
from contextlib import suppress
from pathlib import Path

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def drop_network() -> bool:
    """Move this (single-threaded) process into a new network namespace; False when refused."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    if libc.unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    _map_ids(uid, gid)
    return True


def _map_ids(uid: int, gid: int) -> None:
    """Keep the same user and group ids inside the new user namespace (files stay readable)."""
    maps = (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1"))
    for name, text in maps:
        with suppress(OSError):
            Path("/proc/self", name).write_text(text, encoding="ascii")


def network_gone() -> bool:
    """Whether even loopback is unreachable from this process (the proof isolation took)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        code = probe.connect_ex(("127.0.0.1", 9))
    return code == errno.ENETUNREACH
