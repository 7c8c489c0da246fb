#!/usr/bin/python3
# The #include graph of the core library (plugin/core/ and include/recurring-sales/), and the
# boundaries the build must hold. Standard library only.
#
#   scripts/include-graph.py            the graph, one line per unit, then the folders
#   scripts/include-graph.py --dot      the same as Graphviz (… | dot -Tsvg > core.svg)
#   scripts/include-graph.py --check    exits 1 when a boundary is crossed (a meson test)
#
# A unit is a file pair (plugin/core/model/rs-sale.c with include/recurring-sales/rs-sale.h,
# or with a private header beside it); a header without a .c of its name belongs to the unit
# its name extends (rs-store-private.h and rs-store-writer.h to rs-store). An edge A → B
# means that a file of A includes a header of B. The boundaries:
#   - no cycle between units, and none between the folders of plugin/core/;
#   - the core includes nothing of plugin/ outside plugin/core/ (the data flows out of it);
#   - only the service (and tests) may see the store's write API: the backend and the command
#     include the read-only store header at most;
#   - public headers are included as <recurring-sales/…>, never by a bare name.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORE = os.path.join(TOP, "plugin", "core")
PUBLIC = os.path.join(TOP, "include", "recurring-sales")
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)

# Headers that only the service (and tests) may include: the store's write API.
WRITE_ONLY_HEADERS = {"rs-store-writer.h"}
# Folders of plugin/ that must not include them.
READ_ONLY_COMPONENTS = ("backend", "cli", "mail", "dbus")


# Headers that belong to a unit of another name (filled in by build_graph ()).
ALIASES = {}


def unit_of(filename):
    if os.path.basename(filename) in ALIASES:
        return ALIASES[os.path.basename(filename)]
    stem = os.path.splitext(os.path.basename(filename))[0]
    return stem[:-len("-private")] if stem.endswith("-private") else stem


def core_files():
    for folder, _, names in os.walk(CORE):
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                yield os.path.join(folder, name)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def build_graph():
    """(units: name → folder, edges: name → set of names, problems: [text])."""
    problems = []
    units = {}
    for path in core_files():
        if path.endswith(".c"):
            units.setdefault(unit_of(path), os.path.relpath(os.path.dirname(path), CORE))
    # A header of plugin/core/ without a .c of its name (rs-store-private.h, rs-store-writer.h)
    # belongs to the unit its name extends: rs-store.
    for path in core_files():
        if path.endswith(".h") and unit_of(path) not in units:
            owner = max((u for u in units if unit_of(path).startswith(u + "-")), key=len,
                        default=None)
            ALIASES[os.path.basename(path)] = owner or unit_of(path)
            if owner is None:
                units[unit_of(path)] = os.path.relpath(os.path.dirname(path), CORE)
    public = {name for name in os.listdir(PUBLIC) if name.endswith(".h")}
    local = {os.path.basename(p) for p in core_files() if p.endswith(".h")}
    for header in public:
        if unit_of(header) not in units and header != "recurring-sales.h":
            units[unit_of(header)] = "(headers)"

    edges = {name: set() for name in units}
    sources = list(core_files()) + [os.path.join(PUBLIC, name) for name in sorted(public)]
    for path in sources:
        source_unit = unit_of(path)
        if source_unit not in units:
            continue
        rel = os.path.relpath(path, TOP)
        for style, target in includes(path):
            name = os.path.basename(target)
            if target.startswith("recurring-sales/"):
                if name not in public:
                    problems.append(f"{rel}: includes <{target}>, which is not a public header")
                    continue
            elif style == '"' and name not in local and name != "config.h":
                problems.append(f'{rel}: includes "{target}", which is not the core\'s')
                continue
            elif style == "<":
                continue  # a library's header
            target_unit = unit_of(name)
            if target_unit in units and target_unit != source_unit:
                edges[source_unit].add(target_unit)
    return units, edges, problems


def cycles(nodes, edges):
    """The strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found


def folder_edges(units, edges):
    result = {folder: set() for folder in set(units.values())}
    for source, targets in edges.items():
        for target in targets:
            if units[source] != units[target]:
                result[units[source]].add(units[target])
    return result


def component_problems():
    """Includes across plugin/'s components that the architecture forbids, and public headers
    included by a bare name anywhere in plugin/ and tests/."""
    problems = []
    public = {name for name in os.listdir(PUBLIC) if name.endswith(".h")}
    for top in ("plugin", "tests"):
        for root, _, names in os.walk(os.path.join(TOP, top)):
            for name in names:
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, name)
                for style, target in includes(path):
                    if style == '"' and target in public:
                        problems.append(f'{os.path.relpath(path, TOP)}: includes "{target}"; '
                                        f"write <recurring-sales/{target}>")
    plugin = os.path.join(TOP, "plugin")
    for component in sorted(os.listdir(plugin)):
        folder = os.path.join(plugin, component)
        if not os.path.isdir(folder):
            continue
        for root, _, names in os.walk(folder):
            for name in names:
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, TOP)
                if component == "core":
                    continue  # build_graph () checked the core's own includes
                for _, target in includes(path):
                    header = os.path.basename(target)
                    if component in READ_ONLY_COMPONENTS and header in WRITE_ONLY_HEADERS:
                        problems.append(f"{rel}: {component} includes the store's write API ({target})")
    return problems


def main(argv):
    units, edges, problems = build_graph()
    problems += component_problems()
    unit_cycles = cycles(units, edges)
    folders = folder_edges(units, edges)
    folder_cycles = cycles(folders, folders)
    for component in unit_cycles:
        problems.append("include cycle between units: " + " ↔ ".join(component))
    for component in folder_cycles:
        problems.append("include cycle between folders: " + " ↔ ".join(component))

    if "--dot" in argv:
        print("digraph core {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];")
        for folder in sorted(folders):
            print(f'  subgraph "cluster_{folder}" {{\n    label="{folder}";')
            for name in sorted(u for u in units if units[u] == folder):
                print(f'    "{name}";')
            print("  }")
        for source in sorted(edges):
            for target in sorted(edges[source]):
                print(f'  "{source}" -> "{target}";')
        print("}")
    elif "--check" not in argv:
        for folder in sorted(folders):
            print(f"{folder}/")
            for name in sorted(u for u in units if units[u] == folder):
                targets = ", ".join(sorted(edges[name])) or "—"
                print(f"  {name} → {targets}")
        print("\nfolders:")
        for folder in sorted(folders):
            print(f"  {folder} → {', '.join(sorted(folders[folder])) or '—'}")
        print(f"\n{len(units)} units, {sum(len(t) for t in edges.values())} edges, "
              f"{len(unit_cycles)} unit cycles, {len(folder_cycles)} folder cycles")

    for problem in problems:
        print("PROBLEM: " + problem, file=sys.stderr)
    if "--check" in argv:
        print(f"{len(units)} units, {sum(len(t) for t in edges.values())} edges, "
              f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
