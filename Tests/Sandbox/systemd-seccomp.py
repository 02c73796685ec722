#!/usr/bin/python3
"""Run a command under the seccomp filters that systemd/gleaner.service asks for, without systemd.

    /usr/bin/python3 Tests/Sandbox/systemd-seccomp.py -- COMMAND [ARG...]

Reproduces, with libseccomp (Debian: python3-seccomp), what these unit lines install:
  SystemCallFilter=@system-service
  SystemCallFilter=~@privileged @resources
  SystemCallErrorNumber=EPERM
  MemoryDenyWriteExecute=yes
  NoNewPrivileges=yes
The system-call groups are read from `systemd-analyze syscall-filter` on this machine, so the lists are the
ones systemd itself would use. A blocked call fails with EPERM, as with SystemCallErrorNumber=EPERM; a
mapping that is writable and executable (or made executable later) is refused the same way.
"""
import errno
import os
import subprocess
import sys

import seccomp


def group(name, seen=None):
    """The system calls of a systemd filter group, nested groups expanded."""
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], check=True, capture_output=True,
                         text=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        calls |= group(word, seen) if word.startswith("@") else {word}
    return calls


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    command = sys.argv[sys.argv.index("--") + 1:]
    allowed = group("@system-service") - group("@privileged") - group("@resources")
    # MemoryDenyWriteExecute: these are allowed only with the argument conditions below.
    guarded = {"mmap", "mprotect", "pkey_mprotect", "shmat"}

    f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(errno.EPERM))
    for name in sorted(allowed - guarded):
        try:
            f.add_rule(seccomp.ALLOW, name)
        except (RuntimeError, ValueError):
            pass  # a name this kernel/architecture does not have
    W, X = 0x2, 0x4  # PROT_WRITE, PROT_EXEC
    SHM_EXEC = 0o100000
    for value in (0, W, X):  # mmap: never both writable and executable
        f.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, W | X, value))
    f.add_rule(seccomp.ALLOW, "mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, X, 0))  # never made executable
    f.add_rule(seccomp.ALLOW, "pkey_mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, X, 0))
    f.add_rule(seccomp.ALLOW, "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, SHM_EXEC, 0))
    f.set_attr(seccomp.Attr.CTL_NNP, 1)  # NoNewPrivileges=yes
    f.load()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
