#!/usr/bin/python3
"""A second SFTP client for tests/e2e/sftp_test.cpp: paramiko (Debian python3-paramiko).

check: logs in, lists, downloads, resumes at an offset, and is refused writes, another
       merchant's folder and paths outside its own; a wrong password is refused.
stall: logs in, opens a file (with --prefetch: asks for all of it at once), prints
       "ready <pid>", stops itself (SIGSTOP: it never reads again); once continued, prints
       "closed" if the server closed the session meanwhile.
Prints "OK" (check) and exits 0, or names the first failed expectation and exits 1."""
import argparse
import os
import posixpath
import signal
import stat
import sys

import paramiko


def connect(port, user, password):
    t = paramiko.Transport(("127.0.0.1", port))
    t.connect(username=user, password=password)  # no host key check: a fresh key per test
    return t, paramiko.SFTPClient.from_transport(t)


def expect_error(what, fn, kinds=(IOError, OSError)):
    try:
        fn()
    except kinds as e:
        return e
    sys.exit("FAIL: " + what + " was not refused")


def check(a):
    expected = open(a.expected, "rb").read()
    expect_error("a wrong password", lambda: connect(a.port, a.user, a.password + "x"), paramiko.AuthenticationException)
    expect_error("an unknown user", lambda: connect(a.port, "nobody-" + a.user, a.password), paramiko.AuthenticationException)
    t, sftp = connect(a.port, a.user, a.password)
    folder = posixpath.dirname(a.file)
    if posixpath.basename(a.file) not in sftp.listdir(folder):
        sys.exit("FAIL: %s not listed in %s: %s" % (a.file, folder, sftp.listdir(folder)))
    if posixpath.basename(posixpath.dirname(folder)) not in sftp.listdir("/v1/settlements"):
        sys.exit("FAIL: own folder not in /v1/settlements: %s" % sftp.listdir("/v1/settlements"))
    st = sftp.stat(a.file)
    if st.st_size != len(expected) or not stat.S_ISREG(st.st_mode) or st.st_mode & 0o222:
        sys.exit("FAIL: stat %s: size %d mode %o" % (a.file, st.st_size, st.st_mode))
    if not stat.S_ISDIR(sftp.stat(folder).st_mode):
        sys.exit("FAIL: %s is not a directory" % folder)
    with sftp.open(a.file, "rb") as f:
        f.prefetch()
        whole = f.read()
    if whole != expected:
        sys.exit("FAIL: downloaded bytes differ from GET /_sim/reports/file")
    half = len(expected) // 2
    with sftp.open(a.file, "rb") as f:  # a resumed download: the rest from an offset
        f.seek(half)
        rest = f.read()
    if rest != expected[half:]:
        sys.exit("FAIL: reading from offset %d gave other bytes" % half)
    if sftp.normalize("../../..") != "/" or sftp.normalize(folder + "/../..") != posixpath.dirname(posixpath.dirname(folder)):
        sys.exit("FAIL: realpath of .. escaped or was wrong")
    home = posixpath.dirname(folder)
    expect_error("a write", lambda: sftp.open(home + "/new.csv", "wb"))
    expect_error("an append", lambda: sftp.open(a.file, "ab"))
    expect_error("a mkdir", lambda: sftp.mkdir(home + "/d"))
    expect_error("a remove", lambda: sftp.remove(a.file))
    expect_error("a rename", lambda: sftp.rename(a.file, a.file + ".x"))
    expect_error("a chmod", lambda: sftp.chmod(a.file, 0o666))
    expect_error("a symlink", lambda: sftp.symlink(a.file, home + "/link"))
    expect_error("another merchant's folder", lambda: sftp.listdir(a.other_dir))
    expect_error("a file in another merchant's folder", lambda: sftp.open(a.other_dir + "/x.csv", "rb"))
    expect_error("a path above the root", lambda: sftp.open("/v1/../../../etc/passwd", "rb"))
    expect_error("a relative path above the root", lambda: sftp.stat("../../etc/passwd"))
    if sftp.listdir("/") != ["v1"]:
        sys.exit("FAIL: the root lists more than v1")
    after = sftp.open(a.file, "rb").read()  # the session still works after every refusal
    if after != expected:
        sys.exit("FAIL: the file changed after the refused requests")
    sftp.close()
    t.close()
    print("OK")


def stall(a):
    t, sftp = connect(a.port, a.user, a.password)
    f = sftp.open(a.file, "rb")
    if a.prefetch:
        f.prefetch()  # every READ request sent now; the answers are never read
    print("ready %d" % os.getpid(), flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)
    try:
        f.read()
        sftp.listdir("/")
        print("alive", flush=True)
    except Exception:
        print("closed", flush=True)
    os._exit(0)  # paramiko's thread may be stuck on the closed socket


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["check", "stall"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--expected")
    p.add_argument("--other-dir")
    p.add_argument("--prefetch", action="store_true")
    a = p.parse_args()
    check(a) if a.mode == "check" else stall(a)


if __name__ == "__main__":
    main()
