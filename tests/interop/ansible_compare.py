#!/usr/bin/python3
"""Compare patchwave's Ansible import with Debian's ansible-inventory --list.

For every inventory fixture Ansible reads (YAML files directly, JSON files as
the output of an inventory script), import it with patchwave and compare the
hosts, each host's groups (with ancestors, as Ansible's group_names) and each
host's merged variables. Prints one line per file; exits 1 on a difference.

Usage: ansible_compare.py PATCHWAVE DIR...
"""
import json
import os
import stat
import subprocess
import sys
import tempfile


def ansible_view(path, tmp):
    src = path
    if path.endswith(".json"):
        # A --list document is what an inventory script prints.
        src = os.path.join(tmp, "inventory.sh")
        with open(src, "w") as f:
            f.write("#!/bin/sh\ncat '%s'\n" % os.path.abspath(path))
        os.chmod(src, stat.S_IRWXU)
    env = dict(os.environ, ANSIBLE_INVENTORY_UNPARSED_FAILED="1",
               ANSIBLE_LOCAL_TEMP=tmp, ANSIBLE_HOME=tmp, ANSIBLE_NOCOLOR="1")
    r = subprocess.run(["ansible-inventory", "-i", src, "--list"],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None
    data = json.loads(r.stdout)
    parents = {}
    direct = {}
    for g, gd in data.items():
        if g == "_meta" or not isinstance(gd, dict):
            continue
        for c in gd.get("children", []):
            parents.setdefault(c, set()).add(g)
        for h in gd.get("hosts", []):
            direct.setdefault(h, set()).add(g)

    def ancestors(g, seen):
        for p in parents.get(g, ()):
            if p not in seen:
                seen.add(p)
                ancestors(p, seen)
        return seen

    hostvars = data.get("_meta", {}).get("hostvars", {})
    view = {}
    for h, gs in direct.items():
        names = set()
        for g in gs:
            names |= ancestors(g, {g})
        names.discard("all")
        view[h] = (sorted(names), hostvars.get(h, {}))
    return view


def patchwave_view(pw, path, tmp):
    db = os.path.join(tmp, "t.db")
    r = subprocess.run([pw, "--db", db, "import", "inventory", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1]
    r = subprocess.run([pw, "--db", db, "assets", "--format", "json"],
                       capture_output=True, text=True, check=True)
    return {a["key"]: (a["groups"], a["vars"]) for a in json.loads(r.stdout)}, None


def main():
    pw = sys.argv[1]
    failed = 0
    counts = {"match": 0, "ansible-refuses": 0, "differ": 0}
    files = []
    for d in sys.argv[2:]:
        files += [(d, n) for n in os.listdir(d)]
    for fixtures, name in sorted(files, key=lambda x: x[1]):
        if not (name.endswith((".yml", ".yaml")) or
                (name.endswith(".json") and "describe-instances" not in name)):
            continue
        path = os.path.join(fixtures, name)
        with tempfile.TemporaryDirectory() as tmp:
            theirs = ansible_view(path, tmp)
        with tempfile.TemporaryDirectory() as tmp:
            mine, refused = patchwave_view(pw, path, tmp)
        if refused and theirs == {}:
            print(f"no-hosts   {name}: Ansible finds no hosts; patchwave refuses: "
                  f"{refused}")
            counts["match"] += 1
            continue
        if theirs is None:
            print(f"ansible-refuses {name}; patchwave: " +
                  (refused if refused else f"imports {len(mine)} hosts"))
            counts["ansible-refuses"] += 1
            if refused is None:
                failed += 1  # we must not accept what Ansible rejects
            continue
        if mine == theirs:
            print(f"match      {name}: {len(mine)} hosts")
            counts["match"] += 1
            continue
        failed += 1
        counts["differ"] += 1
        print(f"DIFFER     {name}: " + (refused or ""))
        for h in sorted(set(mine or {}) | set(theirs)):
            a, b = (mine or {}).get(h), theirs.get(h)
            if a != b:
                print(f"   {h}: patchwave {json.dumps(a)[:300]}")
                print(f"   {h}: ansible   {json.dumps(b)[:300]}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
