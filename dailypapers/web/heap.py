"""What a web worker keeps for its whole life (the app, the embedding model, the vector and keyword indexes) is
taken out of the garbage collector's sight once it is loaded, so no collection walks it again."""

from __future__ import annotations

import gc
import logging

logger = logging.getLogger(__name__)


def freeze_loaded_heap() -> int:
    """Collect what loading left behind, then move every object still tracked to the collector's permanent
    generation (`gc.freeze`); returns how many. A full collection otherwise walks every object the process holds,
    some half a million once the model and indexes are in (100-500 ms with the GIL held, so every request on the
    worker waits), and the pages a worker makes leave enough survivors to start one every few hundred pages.
    Frozen objects are still freed when their last reference goes; only a cycle among them would stay."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info("%s objects loaded at start set aside from garbage collection", frozen)
    return frozen
