#!/usr/bin/env python3
"""The layering, checked from the sources: util -> model -> storage ->
import, export -> action -> tui -> cli. A function defined in one file and
called from another is an edge between the files; every edge must point down
the layers (or stay in one folder), and no files may call each other around a
loop, inside a folder either. Static functions stay in their file, so only the
non-static definitions count. Prints what is wrong; exit 1 when anything is.
Usage: tests/layers.py [ROOT]"""
import os
import re
import sys

RANK = {"util": 0, "model": 1, "storage": 2, "import": 3, "export": 3,
        "action": 4, "tui": 5, "cli": 6}


def sources(root):
    for d in RANK:
        p = os.path.join(root, d)
        for f in sorted(os.listdir(p)) if os.path.isdir(p) else []:
            if f.endswith(".c"):
                yield d + "/" + f


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    text, defs = {}, {}
    for f in sources(root):
        s = open(os.path.join(root, f), encoding="utf-8").read()
        s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
        s = re.sub(r'"(\\.|[^"\\])*"', '""', s)
        text[f] = s
        for m in re.finditer(r"^(?!static)[a-z_][^\n;]*\n([a-z_][a-z0-9_]*)\(", s, re.M):
            defs[m.group(1)] = f
    edges = {f: {} for f in text}
    for f, s in text.items():
        for m in re.finditer(r"\b([a-z_][a-z0-9_]*)\s*\(", s):
            g = defs.get(m.group(1))
            if g and g != f:
                edges[f].setdefault(g, set()).add(m.group(1))
    bad = 0
    for f in sorted(edges):
        for g in sorted(edges[f]):
            a, b = f.split("/")[0], g.split("/")[0]
            if a != b and RANK[b] >= RANK[a]:
                bad += 1
                print(f"layers: {f} calls {g} ({', '.join(sorted(edges[f][g]))}): "
                      f"{a}/ may only call layers below it")
    # Loops: strongly connected components of more than one file.
    index, low, stack, on, comps = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop()
                on.discard(w)
                c.append(w)
                if w == v:
                    break
            if len(c) > 1:
                comps.append(sorted(c))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for c in comps:
        bad += 1
        print("layers: these files call each other around a loop: " + ", ".join(c))
        for f in c:
            for g in sorted(edges[f]):
                if g in c:
                    print(f"  {f} -> {g}: {', '.join(sorted(edges[f][g]))}")
    n = sum(len(e) for e in edges.values())
    print(f"layers: {len(text)} files, {n} edges between them, {bad} problem{'s' if bad != 1 else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
