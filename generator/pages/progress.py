"""Roll-up counts of actions by status, for the journey overview and the home page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.journey import STATUS_ORDER, Action, Status


@dataclass(frozen=True)
class ProgressSummary:
    """Counts of actions by status: "2 of 8 must-dos complete"."""

    noun: str  # "must-dos"
    total: int
    done: int
    counts: tuple[tuple[Status, int], ...]  # every status, in STATUS_ORDER

    @property
    def sentence(self) -> str:
        return f"{self.done} of {self.total} {self.noun} complete"


def progress(actions: tuple[Action, ...], noun: str) -> ProgressSummary:
    counts = tuple((s, sum(1 for a in actions if a.status is s)) for s in STATUS_ORDER)
    done = sum(1 for a in actions if a.status.is_done)
    return ProgressSummary(noun, len(actions), done, counts)
