# Kills a cutover command with SIGKILL at a moment chosen by what the
# database shows, not by the clock, so that the kill tests (t9001, t9002)
# prove where their kills landed on any machine, however fast or busy.
#
#   killer.py before DB -- CMD...   holds the database's write lock
#       (BEGIN IMMEDIATE), starts CMD, lets it run until it is waiting for
#       that lock (or has ended), kills it, then lets go of the lock: the
#       kill lands before CMD wrote anything.  Prints "before".
#   killer.py during DB -- CMD...   starts CMD and probes the write lock
#       without waiting; the first time another holds it, CMD is inside
#       its write transaction (the only writer there is): it is killed at
#       once.  Prints "during", or "missed" when CMD ended before the
#       lock was ever seen held.
#
# CMD's stdout and stderr go to the files named by $KILLER_OUT and
# $KILLER_ERR (default /dev/null).  Exit status 0 but on a usage error.
import os
import signal
import sqlite3
import subprocess
import sys
import time


def start(cmd):
    out = open(os.environ.get("KILLER_OUT", os.devnull), "wb")
    err = open(os.environ.get("KILLER_ERR", os.devnull), "wb")
    return subprocess.Popen(cmd, stdout=out, stderr=err)


def waiting_for_lock(pid):
    # Blocked on the lock, SQLite's busy handler sleeps between tries:
    # the process is sleeping in a nanosleep (the kernel's wait channel
    # says so, or the system call it is in: 35 or 230 on x86-64).
    try:
        with open("/proc/%d/wchan" % pid) as f:
            wchan = f.read()
        with open("/proc/%d/syscall" % pid) as f:
            call = f.read().split()[0]
    except (OSError, IndexError):
        return True
    return "nanosleep" in wchan or call in ("35", "230")


def before(db, cmd):
    hold = sqlite3.connect(db, timeout=60, isolation_level=None)
    hold.execute("BEGIN IMMEDIATE")
    p = start(cmd)
    # Whenever the kill lands, the lock is ours: it is before the write.
    # Waiting until the command waits for the lock only makes the moment
    # the interesting one; a minute bounds it on a machine that hides it.
    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline:
        if waiting_for_lock(p.pid):
            # Seen twice in a row: not a passing sleep of its own.
            time.sleep(0.05)
            if waiting_for_lock(p.pid):
                break
        time.sleep(0.01)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    hold.execute("ROLLBACK")
    hold.close()
    print("before")


def during(db, cmd):
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    p = start(cmd)
    seen = False
    while p.poll() is None:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            # Room for the command to take the lock between probes.
            time.sleep(0.0002)
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                p.send_signal(signal.SIGKILL)
                seen = True
                break
            raise
    p.wait()
    probe.close()
    print("during" if seen else "missed")


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--" or \
            sys.argv[1] not in ("before", "during"):
        sys.stderr.write("usage: killer.py before|during DB -- CMD...\n")
        return 2
    (before if sys.argv[1] == "before" else during)(sys.argv[2],
                                                     sys.argv[4:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
