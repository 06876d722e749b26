"""The site's own static files under content-hashed names (`/static/site.3f2a9c1b0d4e.css`), so a browser may keep
each for a year and still sees a new stylesheet the moment it changes; the plain names keep working, briefly cached."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_PATH = "/static"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
_HASH_LENGTH = 12


class StaticAssets:
    """The files of one folder, hashed once when the app is made (the files do not change while it runs)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._hashed_names: dict[str, str] = {}  # site.css -> site.<hash>.css
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                name = path.relative_to(directory).as_posix()
                self._hashed_names[name] = _hashed_name(name, hashlib.sha256(path.read_bytes()).hexdigest())
        self._names = {hashed: name for name, hashed in self._hashed_names.items()}

    def url(self, name: str) -> str:
        """`/static/site.<hash>.css` for `site.css`; a name that is not there is a mistake in a template."""
        return f"{STATIC_PATH}/{self._hashed_names[name]}"

    def original_name(self, hashed: str) -> str | None:
        return self._names.get(hashed)


def _hashed_name(name: str, digest: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest[:_HASH_LENGTH]}{path.suffix}"))


class HashedStaticFiles(StaticFiles):
    """Serves `assets`: a hashed name for a year (`immutable`), a plain one for five minutes."""

    def __init__(self, assets: StaticAssets) -> None:
        super().__init__(directory=assets.directory)
        self.assets = assets

    async def get_response(self, path: str, scope: Scope) -> Response:
        original = self.assets.original_name(PurePosixPath(path).as_posix())
        response = await super().get_response(original or path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if original else SHORT
        return response
