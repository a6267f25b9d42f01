"""The contamination search at scale: a 1,000,000-row training file against a few thousand items.

Run by hand:  python benchmarks/bench_contamination.py [--rows 1000000] [--items 3000] [--workers 2]

The training file is synthetic, generated on the fly into a temporary folder (JSONL, one
``text`` field per row): each row is 3-5 sentences drawn from a bank of 50,000 random
sentences of 8-14 words over a vocabulary of about 5,000 made-up words (letters only: the
search reads numbers as ``0``), so rows share sentences with one
another and with the evaluation items as templated data does (every sentence recurs about
80 times), and the LSH has real candidates to confirm. The evaluation items are drawn the
same way; ``--planted`` of them are copied into the training file exactly and as many with
their sentences shuffled and one word changed. It prints the time to build the index, the
time to stream and search the file (the figure the README reports), the rows per second,
the peak resident memory, and whether every planted item was found.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from tunecheck.contamination import ContaminationIndex, EvalItem, Method, scan, training_texts

SENTENCES = 50_000
VOCABULARY = 5_000


def _bank(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(VOCABULARY)})
    return [" ".join(rng.choices(words, k=rng.randint(8, 14))).capitalize() + "." for _ in range(SENTENCES)]


def _row(rng: random.Random, bank: list[str]) -> str:
    return " ".join(rng.choices(bank, k=rng.randint(3, 5)))


def _near_copy(rng: random.Random, text: str) -> str:
    sentences = text.split(". ")
    rng.shuffle(sentences)
    words = ". ".join(s.rstrip(".") for s in sentences).split(" ")
    words[rng.randrange(len(words))] = "changed"
    return " ".join(words) + "."


def write_training(path: Path, rows: int, items: list[str], planted: int, rng: random.Random,
                   bank: list[str]) -> None:
    """``rows`` synthetic rows with the first ``2 * planted`` items planted at random lines."""
    plants = {rng.randrange(rows): items[i] for i in range(planted)}
    plants.update({rng.randrange(rows): _near_copy(rng, items[planted + i]) for i in range(planted)})
    with path.open("w", encoding="utf-8") as handle:
        for line in range(rows):
            handle.write(json.dumps({"id": line, "text": plants.get(line) or _row(rng, bank)}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=3_000)
    parser.add_argument("--planted", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(0)
    bank = _bank(rng)
    texts = [_row(rng, bank) for _ in range(args.items)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.jsonl"
        started = time.perf_counter()
        write_training(path, args.rows, texts, args.planted, rng, bank)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        index = ContaminationIndex([EvalItem("bench", str(i), t) for i, t in enumerate(texts)], Method())
        print(f"indexed {args.items:,} items in {time.perf_counter() - started:.2f} s "
              f"({index.lsh.b} bands of {index.lsh.r} rows)")
        started = time.perf_counter()
        found = scan(index, training_texts(path, ["text"]), workers=args.workers)
        seconds = time.perf_counter() - started
    planted = set(range(2 * args.planted))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"searched {found.rows:,} rows with {args.workers} worker(s) in {seconds:.1f} s "
          f"({found.rows / seconds:,.0f} rows/s); peak RSS of the main process {peak:.0f} MiB")
    print(f"contaminated items found: {len(found.best)} (planted: {len(planted)}, all found: "
          f"{planted <= set(found.best)}, others: {len(set(found.best) - planted)})")


if __name__ == "__main__":
    main()
