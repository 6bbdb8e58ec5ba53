#!/usr/bin/env python3
"""Runs a program on a real pseudo-terminal for the SSM peer (node cannot open a PTY without a
native addon). Usage: pty_helper.py COLS ROWS PROGRAM [ARGS...]

stdin carries frames from the peer: one type byte, a 4-byte big-endian length, the data.
  D  bytes for the terminal (keystrokes)
  S  window size: cols, rows as two big-endian uint16 (TIOCSWINSZ; the program gets SIGWINCH)
  K  hang up: SIGHUP to the program's process group, then SIGKILL a second later
stdout carries the terminal's output as it comes. End of stdin hangs up as K does. When the
program has exited and its output is drained, the helper exits with the program's exit code
(128 + N when signal N ended it).
"""
import errno
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def spawn(argv, cols, rows):
    master, slave = os.openpty()
    set_size(master, cols, rows)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, f"pty_helper: cannot run {argv[0]}: {e.strerror}\r\n".encode())
        os._exit(127)
    os.close(slave)
    return pid, master


def exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return 1


def write_all(fd, data):
    while data:
        try:
            n = os.write(fd, data)
            data = data[n:]
        except BlockingIOError:
            select.select([], [fd], [], 1.0)


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    cols, rows, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    pid, master = spawn(argv, cols, rows)
    os.set_blocking(master, False)
    inbuf = b""
    pending = b""          # keystrokes the terminal has not taken yet
    stdin_open = True
    hangup_at = None
    status = None

    def hang_up():
        nonlocal hangup_at
        if hangup_at is None:
            hangup_at = time.monotonic()
            try:
                os.killpg(pid, signal.SIGHUP)
            except ProcessLookupError:
                pass

    while True:
        if status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
        if hangup_at is not None and status is None and time.monotonic() - hangup_at > 1.0:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        rlist = [master] + ([0] if stdin_open else [])
        wlist = [master] if pending else []
        try:
            r, w, _ = select.select(rlist, wlist, [], 0.1)
        except InterruptedError:
            continue
        if master in r:
            try:
                data = os.read(master, 65536)
            except BlockingIOError:
                data = None
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                data = b""
            if data:
                write_all(1, data)
            elif data == b"":  # every copy of the terminal's other end is closed
                break
        elif status is not None:
            break  # exited, and nothing more to read right now
        if master in w and pending:
            try:
                n = os.write(master, pending)
                pending = pending[n:]
            except BlockingIOError:
                pass
        if stdin_open and 0 in r:
            chunk = os.read(0, 65536)
            if not chunk:
                stdin_open = False
                hang_up()
            inbuf += chunk
            while len(inbuf) >= 5:
                kind, length = inbuf[:1], struct.unpack(">I", inbuf[1:5])[0]
                if len(inbuf) < 5 + length:
                    break
                body, inbuf = inbuf[5:5 + length], inbuf[5 + length:]
                if kind == b"D":
                    pending += body
                elif kind == b"S" and length == 4:
                    c, rw = struct.unpack(">HH", body)
                    set_size(master, c, rw)
                elif kind == b"K":
                    hang_up()
    if status is None:
        _, status = os.waitpid(pid, 0)
    return exit_code(status)


if __name__ == "__main__":
    sys.exit(main())
