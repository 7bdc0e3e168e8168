"""Generate a large site for benchmarks: the sample trust plus N generated monthly updates.

    python bench/corpus.py OUT_DIR --updates 4000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VOCABULARY = ("patients staff ward care safety board midwives nurses emergency department "
              "waiting times medicines checks improvement progress quality training "
              "governance risk visit report month figures target action plan community "
              "hospital team")
WORDS = VOCABULARY.split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def update_text(i: int, rng: random.Random) -> str:
    date = dt.date(2000, 1, 1) + dt.timedelta(days=i)
    body = []
    for section in range(4):
        body.append(f"## Section {section + 1}\n")
        body.extend(paragraph(rng, 45) + "\n" for _ in range(3))
    body.append("| Month | Figure |\n|---|---|\n" + "".join(
        f"| {m} | {rng.randint(1, 99)}% |\n" for m in ("March", "April", "May")))
    return (f"---\ntitle: Update {i}\ndate: {date.isoformat()}\nsummary: {paragraph(rng, 12)}\n"
            f"related: [MD{1 + i % 8}]\n---\n" + "\n".join(body))


def make_corpus(out: Path, updates: int, seed: int = 1) -> Path:
    """A copy of the sample site (but its earlier journey) with ``updates`` generated
    updates (~600 words each)."""
    if out.exists():
        shutil.rmtree(out)
    # Not the sample's earlier journey: generated updates are dated from 2000, and those
    # before it ended would name its actions (it has fewer), not the journey now's.
    shutil.copytree(REPO / "content", out / "content",
                    ignore=shutil.ignore_patterns("earlier-journeys"))
    rng = random.Random(seed)
    folder = out / "content" / "updates"
    for i in range(updates):
        (folder / f"gen-{i:05d}.md").write_text(update_text(i, rng), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--updates", type=int, default=4000)
    args = parser.parse_args()
    make_corpus(args.out, args.updates)
    print(f"Wrote {args.updates} updates into {args.out}/content/updates/")


if __name__ == "__main__":
    main()
