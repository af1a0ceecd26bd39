"""Matching speed as staff add knowledge: load time and µs per question with today's faq/ (1×)
and with SYNTHETIC knowledge bases of 10× and 30× its phrasings. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_scale.py [--factors 1 10 30] [--rounds N]

The larger knowledge bases are made up, never served: a temporary copy of faq/ gets extra FAQ
items (ids `sintetico_NNN`, titles "[SINTÉTICO] ..."), extra groups of examples for them and
extra out-of-scope groups (`sintetico_fuera_NNN`), in the same proportions as today's. Their
phrasings are a real topic's phrasings recombined (the start of one, the end of another), its
telling words replaced by made-up ones (the new topic's subject), with the variations students
make (a dropped or swapped word, a typo, a greeting). Staff files are capped at 1 MB each, so
the phrasings are spread over preguntas.yaml, ejemplos.yaml and fuera_de_tema.yaml.

The questions are the texts of tests/data/dev_questions.yaml and
benchmarks/data/holdout{,2..10}_questions.yaml, asked `--rounds` times each (the first round
includes the typo repairs the speller then caches).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.yaml_source import MAX_FILE_BYTES  # noqa: E402
from bot.normalize import SynonymRewriter, fold  # noqa: E402
from bot.understanding.evaluation import load_questions  # noqa: E402
from bot.understanding.matching import Matcher  # noqa: E402

QUESTION_FILES = [
    ROOT / "tests/data/dev_questions.yaml",
    *(ROOT / f"benchmarks/data/holdout{n}_questions.yaml" for n in ["", *map(str, range(2, 11))]),
]
PHRASINGS_PER_TOPIC = 150  # about what a real topic has with its examples
FILLERS = ["oye", "oigan", "porfa", "una duda", "buenas", "hola", "disculpen", "ayuda", "pregunta", "gracias"]
SYNTHETIC = "# SINTÉTICO: generado por benchmarks/bench_scale.py para medir velocidad; no es real.\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ----- the synthetic knowledge base ------------------------------------------------------------


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _made_up_word(rng: random.Random) -> str:
    """A word no one uses: the subject of a made-up topic (so it collides with no real one)."""
    return "".join(rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(3))


class _Generator:
    """Made-up topics phrased like a real one (its source) but about a made-up subject: the
    source's phrasings recombined, its telling words replaced by the subject's, with what
    students do to text. No phrasing is the same (as matching reads it) as any other."""

    def __init__(self, sources: list[list[str]], rewriter: SynonymRewriter, rng: random.Random) -> None:
        self.rng, self.rewriter = rng, rewriter
        self.seen = {rewriter.rewrite(fold(p)) for phrasings in sources for p in phrasings}
        used_by: dict[str, int] = {}
        for phrasings in sources:
            for word in {w for p in phrasings for w in fold(p).split()}:
                used_by[word] = used_by.get(word, 0) + 1
        # Words of at most two real topics (and long enough to be content): the subject.
        self.telling = {w for w, n in used_by.items() if n <= 2 and len(w) >= 4}

    def phrasings(self, source: list[str], count: int) -> list[str]:
        subject = [_made_up_word(self.rng) for _ in range(3)]
        real = [p.split() for p in source if len(p.split()) >= 2]
        found: list[str] = []
        while len(found) < count:
            a, b = self.rng.choice(real), self.rng.choice(real)
            words = a[: self.rng.randrange(1, len(a))] + b[self.rng.randrange(1, len(b)) :]
            text = self._vary(words, subject)
            key = self.rewriter.rewrite(fold(text))
            if key and key not in self.seen:
                self.seen.add(key)
                found.append(text)
        return found

    def _vary(self, words: list[str], subject: list[str]) -> str:
        rng = self.rng
        words = [rng.choice(subject) if fold(w) in self.telling else w for w in words]
        if not set(words) & set(subject):
            words.insert(rng.randrange(len(words) + 1), rng.choice(subject))
        roll = rng.random()
        if roll < 0.15 and len(words) > 3:
            del words[rng.randrange(len(words))]
        elif roll < 0.3 and len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        if rng.random() < 0.25:
            i = rng.randrange(len(words))
            words[i] = _typo(words[i], rng)
        if rng.random() < 0.2:
            words.insert(0, rng.choice(FILLERS))
        return " ".join(words)


def build_synthetic(source: Path, target: Path, factor: int, seed: int = 17) -> int:
    """Copy `source` (a faq/ directory) to `target` with `factor`× its phrasings; the count."""
    shutil.copytree(source, target)
    base = load_knowledge(source)
    positives = [[t.title, *t.phrasings] for t in base.topics]
    negatives = [list(t.phrasings) for t in base.negatives]
    real_positive, real_negative = sum(map(len, positives)), sum(map(len, negatives))
    if factor <= 1:
        return real_positive + real_negative
    rng = random.Random(seed)
    generator = _Generator(positives + negatives, SynonymRewriter(base.synonyms), rng)
    extra_positive = (factor - 1) * real_positive
    extra_negative = (factor - 1) * real_negative

    faq, examples, outside = (
        _load(target / name) for name in ("preguntas.yaml", "ejemplos.yaml", "fuera_de_tema.yaml")
    )
    answers = [t.answer for t in base.topics]
    for n in range(max(1, extra_positive // PHRASINGS_PER_TOPIC)):
        made = generator.phrasings(positives[n % len(positives)], PHRASINGS_PER_TOPIC)
        half = len(made) // 2
        faq["preguntas"].append(
            {
                "id": f"sintetico_{n:03d}",
                "titulo": f"[SINTÉTICO] {made[0]}"[:60],
                "respuesta": rng.choice(answers),
                "frases": made[1:half],
            }
        )
        examples["ejemplos"].append({"tema": f"sintetico_{n:03d}", "frases": made[half:]})
    for n in range(max(1, extra_negative // PHRASINGS_PER_TOPIC)):
        outside["fuera_de_tema"].append(
            {
                "id": f"sintetico_fuera_{n:03d}",
                "nombre": f"[SINTÉTICO] fuera de tema {n}",
                "frases": generator.phrasings(negatives[n % len(negatives)], PHRASINGS_PER_TOPIC),
            }
        )
    for name, data in (("preguntas.yaml", faq), ("ejemplos.yaml", examples), ("fuera_de_tema.yaml", outside)):
        text = SYNTHETIC + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=None
        )
        if len(text.encode()) > MAX_FILE_BYTES:
            raise SystemExit(f"{name} would be {len(text.encode())} bytes, over the staff cap")
        (target / name).write_text(text, encoding="utf-8")
    knowledge = load_knowledge(target)
    return sum(len(t.phrasings) + 1 for t in knowledge.topics) + sum(
        len(t.phrasings) for t in knowledge.negatives
    )


# ----- measuring -------------------------------------------------------------------------------


def measure(directory: Path, texts: list[str], rounds: int) -> tuple[float, list[float]]:
    """(reload seconds, median of 3; µs per question over `rounds` rounds)."""
    loads = []
    matcher = None
    for _ in range(3):
        start = time.perf_counter()
        matcher = Matcher.for_knowledge(load_knowledge(directory))
        loads.append(time.perf_counter() - start)
    assert matcher is not None
    samples = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            matcher.match(text)
            samples.append((time.perf_counter_ns() - start) / 1000)
    return statistics.median(loads), samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--faq", type=Path, default=ROOT / "faq")
    args = parser.parse_args()

    texts = [q.text for path in QUESTION_FILES for q in load_questions(path)]
    print(f"{len(texts)} distinct questions × {args.rounds} rounds; 10× and 30× are SYNTHETIC\n")
    print(f"{'size':>5} {'phrasings':>10} {'reload':>9} {'p50':>9} {'p99':>9} {'mean':>9}")
    with tempfile.TemporaryDirectory(prefix="faqbot_scale_") as tmp:
        for factor in args.factors:
            directory = Path(tmp) / f"faq_{factor}x"
            phrasings = build_synthetic(args.faq, directory, factor)
            load, samples = measure(directory, texts, args.rounds)
            print(
                f"{factor:>4}× {phrasings:>10,} {load * 1000:>7.0f} ms "
                f"{percentile(samples, 0.5) / 1000:>6.3f} ms {percentile(samples, 0.99) / 1000:>6.3f} ms "
                f"{statistics.fmean(samples) / 1000:>6.3f} ms",
                flush=True,
            )


if __name__ == "__main__":
    main()
