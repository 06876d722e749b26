"""The site's own static files under content-hashed names (`/static/site.3f2a9c1b0d4e.css`), so a browser may keep
each for a year and still sees a new stylesheet the moment it changes; the plain names keep working, briefly cached.

The files (a few kilobytes, read once when the app is made) are answered from memory: a file read per request
made the stylesheet slower to serve than a cached page."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path, PurePosixPath

from starlette.datastructures import Headers
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
        self.contents: dict[str, tuple[bytes, str]] = {}  # site.css -> (its bytes, its hex digest)
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                name = path.relative_to(directory).as_posix()
                content = path.read_bytes()
                digest = hashlib.sha256(content).hexdigest()
                self._hashed_names[name] = _hashed_name(name, digest)
                self.contents[name] = (content, digest)
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
        held = self.assets.contents.get(original or PurePosixPath(path).as_posix())
        if held is not None and scope["method"] in ("GET", "HEAD"):
            content, digest = held
            etag = f'"{digest[: _HASH_LENGTH * 2]}"'
            headers = {"Cache-Control": IMMUTABLE if original else SHORT, "ETag": etag}
            if etag in Headers(scope=scope).get("if-none-match", ""):
                return Response(status_code=304, headers=headers)
            media_type = mimetypes.guess_type(original or path)[0] or "application/octet-stream"
            return Response(content, media_type=media_type, headers=headers)
        response = await super().get_response(original or path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if original else SHORT
        return response
