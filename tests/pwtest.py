"""What the Python tests share: patchwave run against a database, and the
ok/FAIL lines they print (counted, so a test can exit 1 when any failed)."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


class Run:
    def __init__(self, pw, name, env=None):
        self.pw = os.path.abspath(pw)
        self.name = name		# for messages: "crash", "pack"
        self.env = env			# the commands' environment (None: ours)
        self.failures = []

    def check(self, what, cond, detail=""):
        print(("ok   " if cond else "FAIL ") + what + ("" if cond else f": {detail}"))
        if not cond:
            self.failures.append(what)

    def run(self, db, *args, who=None, ok=(0,)):
        """patchwave --db DB [--as WHO] ARGS; an exit code not in ok ends the
        test with its error output (ok None: any code is the caller's)."""
        cmd = [self.pw, "--db", db] + (["--as", who] if who else []) + list(args)
        r = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
        if ok is not None and r.returncode not in ok:
            sys.exit(f"{self.name}: {' '.join(args)} failed ({r.returncode}):\n"
                     f"{r.stderr}")
        return r

    def summary(self):
        print(f"{self.name}: {len(self.failures)} failed")
        return 1 if self.failures else 0

    def demo(self, db):
        """The demo imported and planned into db (demo/load.sh)."""
        subprocess.run(["sh", os.path.join(ROOT, "demo", "load.sh"), self.pw, db],
                       check=True)

    def in_tmp(self, run):
        """run(tmp) in a fresh directory, removed afterwards; the summary's
        exit code."""
        tmp = tempfile.mkdtemp(prefix=f"pw-{self.name}-")
        try:
            run(tmp)
        finally:
            shutil.rmtree(tmp)
        return self.summary()
