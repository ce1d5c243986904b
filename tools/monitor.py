#!/usr/bin/env python3
"""Types one command into a QEMU monitor again and again, for a test whose guest waits for it.

usage: monitor.py SOCKET COMMAND [INTERVAL_S [DURATION_S]]
Connects to the Unix socket of tools/qemu.sh --monitor SOCKET as soon as it appears and sends COMMAND
(e.g. system_powerdown, which presses QEMU virt's power key) every INTERVAL_S seconds (0.5) until QEMU
closes the socket or DURATION_S (60) have passed. Repeating it makes the test independent of when the
guest starts listening: a driver reports the first press it sees. Exit status 0 always."""
import os
import socket
import sys
import time


def main():
    path, command = sys.argv[1], sys.argv[2]
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    end = time.monotonic() + (float(sys.argv[4]) if len(sys.argv) > 4 else 60.0)
    sock = None
    while time.monotonic() < end and sock is None:
        if os.path.exists(path):
            try:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(path)
            except OSError:
                sock = None
        if sock is None:
            time.sleep(0.05)
    if sock is None:
        return 0
    sock.settimeout(0.01)
    while time.monotonic() < end:
        try:
            sock.sendall(command.encode() + b"\n")
            try:
                if sock.recv(4096) == b"":
                    break  # QEMU has gone
            except socket.timeout:
                pass
        except OSError:
            break
        time.sleep(interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
