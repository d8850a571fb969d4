"""Where the server's time went, from ``run.py --profile``'s py-spy samples.

    python benchmarks/loadtest/profile_summary.py benchmarks/results/loadtest-…/profile.txt

Reads py-spy's collapsed stacks (``--format raw``: ``frame;frame;… count``; py-spy samples
threads that are not idle) and prints three tables: the share of samples by the package of
the innermost frame (where the CPU is), by route handler (``praksis/<domain>/router.py``,
inclusive), and the Praksis functions with the largest inclusive share; with ``--gil``
samples (as run.py takes them) also how the GIL was shared between the event loop thread and
the worker threads.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^():]+?)(?::\d+)?\)$")


def _package(file: str) -> str:
    parts = file.split("/")
    if parts[0] in ("praksis",) and len(parts) > 1:
        return f"praksis.{parts[1].removesuffix('.py')}"
    if len(parts) == 1:
        return f"stdlib {parts[0]}"
    return parts[0]


def summarise(path: Path, top: int = 25) -> str:
    by_thread: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    by_route: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [
            frame for frame in stack.split(";") if not frame.startswith(("process ", "thread ("))
        ]
        parsed = [FRAME.match(frame) for frame in frames]
        files = [(m.group("function"), m.group("file")) for m in parsed if m]
        if not files:
            continue
        total += count
        worker = any(function == "Thread._bootstrap" for function, _file in files[:2])
        by_thread["worker threads (handlers, commits)" if worker else "event loop thread"] += count
        by_package[_package(files[-1][1])] += count
        routes = {f"{fn} ({file})" for fn, file in files if file.endswith("/router.py")}
        for route in routes or {"(no route handler: event loop, middleware, admission)"}:
            by_route[route] += count
        for name in {f"{fn} ({file})" for fn, file in files if file.startswith("praksis/")}:
            by_function[name] += count

    def table(title: str, counter: Counter[str]) -> list[str]:
        rows = [f"\n{title}", f"{'share':>7}  what"]
        for name, count in counter.most_common(top):
            rows.append(f"{100 * count / total:6.1f}%  {name}")
        return rows

    lines = [f"{total} samples in {path}"]
    lines += table("by thread", by_thread)
    lines += table("by the innermost frame's package", by_package)
    lines += table("by route handler (inclusive)", by_route)
    lines += table("Praksis functions (inclusive)", by_function)
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    print(summarise(Path(sys.argv[1])))
