"""The mutation score per module after `mutmut run` (make mutation): killed / all mutants, where
a mutant no test executed counts as not killed. Exits 1 below the goal.

    .venv/bin/python tests/support/mutation_score.py [--goal 90]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict

CAUGHT = {"killed", "timeout", "caught by type check"}
_LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+: (?P<status>.+)$")


def scores(results: str) -> dict[str, Counter[str]]:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        match = _LINE.match(line)
        if match:
            by_module[match["module"]][match["status"].strip()] += 1
    return by_module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goal", type=float, default=90.0, help="percent killed, overall")
    args = parser.parse_args(argv)
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    by_module = scores(results)
    if not by_module:
        print("no mutants: run `mutmut run` first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    score = 100 * sum(total[s] for s in CAUGHT) / sum(total.values())
    if score < args.goal:
        print(
            f"below the goal of {args.goal:.0f} % killed: `mutmut results` lists the survivors, "
            "`mutmut show NAME` shows one"
        )
        return 1
    return 0


def _row(name: str, counts: Counter[str]) -> str:
    caught = sum(counts[s] for s in CAUGHT)
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in CAUGHT)
    return (
        f"{name:<34} {100 * caught / sum(counts.values()):5.1f} % killed "
        f"({caught}/{sum(counts.values())}{'; ' + others if others else ''})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
