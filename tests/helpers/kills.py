"""Kill a writer at seeded random moments, and once at a moment chosen inside its write.

The random kills show that wherever a kill lands the workbook holds one whole content;
whether one of them lands inside a write is luck. ``kill_inside_write`` makes sure of it:
the writer stops at a step that runs only while its temporary copy exists, says so
through a pipe, and is killed there.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from types import ModuleType


def random_kills(
    kills: int,
    seed: int,
    window: tuple[float, float],
    write_forever: Callable[[int], None],
    after_kill: Callable[[], str],
) -> dict[str, int]:
    """Fork ``write_forever(turn)``, kill it after a seeded random wait, ``kills`` times;
    count what ``after_kill`` says the workbook holds each time."""
    chance = random.Random(seed)
    seen: dict[str, int] = {}
    for kill in range(kills):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                write_forever(kill)
            finally:
                os._exit(0)
        time.sleep(chance.uniform(*window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        name = after_kill()
        seen[name] = seen.get(name, 0) + 1
    return seen


def kill_inside_write(module: ModuleType, step: str, write_once: Callable[[], None]) -> None:
    """Fork ``write_once``; when it reaches ``module.step`` it stops there and is killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)

            def stopped(*args, **kwargs):
                os.write(write, b"!")
                time.sleep(120)

            setattr(module, step, stopped)
            write_once()
        finally:
            os._exit(0)
    os.close(write)
    try:
        assert os.read(read, 1) == b"!", f"the writer never reached {step}"
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
