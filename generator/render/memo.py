"""Remember a function's last result for the very same arguments, compared by identity.

For what is made once a build from the site (its navigation, its JSON-LD, its glossary's
matcher) and asked for by every page: comparing by identity costs nothing, where
hashing or comparing the site's values cost more than making the result once.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def last_by_identity(function: Callable[P, R]) -> Callable[P, R]:
    last: tuple[tuple[object, ...], R] | None = None

    @functools.wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        nonlocal last
        if kwargs:
            return function(*args, **kwargs)
        if (last is None or len(last[0]) != len(args)
                or not all(map(operator.is_, last[0], args))):
            last = (args, function(*args, **kwargs))
        return last[1]

    return remembered
