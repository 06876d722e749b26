"""The manifest of an embedding-model directory: what the model is, how to pool it, and its files' sha256.

Written by `scripts/build_model.py`, read by the embedder. Standard library only, so the build can use it too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

MANIFEST_NAME = "manifest.json"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
FORMAT_VERSION = 1

Pooling = Literal["mean", "cls"]


class InvalidModelDirectory(ValueError):
    """The model directory is incomplete, its manifest unreadable, or a file differs from the manifest."""


@dataclass(frozen=True, slots=True)
class ModelManifest:
    model_name: str
    licence: str
    quantisation: str
    max_seq_length: int
    dimension: int
    pooling: Pooling
    normalize: bool
    files: dict[str, str]  # file name -> sha256 hex digest
    source: dict[str, str] = field(default_factory=dict)
    build: dict[str, str] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    @property
    def files_digest(self) -> str:
        """One digest over every file: changes when the weights or the tokenizer change."""
        lines = "".join(f"{name}:{digest}\n" for name, digest in sorted(self.files.items()))
        return hashlib.sha256(lines.encode()).hexdigest()

    @property
    def model_id(self) -> str:
        """Stored beside each vector, so vectors made by another model or tokenizer are recognised."""
        return f"{self.model_name}:{self.quantisation}:{self.files_digest[:12]}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(model_dir: Path) -> ModelManifest:
    """Parse `manifest.json` and check it names the two files the embedder needs."""
    path = model_dir / MANIFEST_NAME
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidModelDirectory(
            f"{model_dir} has no {MANIFEST_NAME}; build one with scripts/build_model.py"
        ) from None
    except (OSError, json.JSONDecodeError) as error:
        raise InvalidModelDirectory(f"cannot read {path}: {error}") from error
    if raw.get("format_version") != FORMAT_VERSION:
        raise InvalidModelDirectory(
            f"{path} has format_version {raw.get('format_version')!r}; this version reads {FORMAT_VERSION}"
        )
    try:
        manifest = ModelManifest(**raw)
    except TypeError as error:
        raise InvalidModelDirectory(f"{path} does not have the expected fields: {error}") from error
    if manifest.pooling not in ("mean", "cls"):
        raise InvalidModelDirectory(f"{path}: pooling {manifest.pooling!r} is not one of mean, cls")
    missing = {MODEL_FILE, TOKENIZER_FILE} - set(manifest.files)
    if missing:
        raise InvalidModelDirectory(f"{path} lists no sha256 for {', '.join(sorted(missing))}")
    return manifest


def verify_files(model_dir: Path, manifest: ModelManifest) -> None:
    """Refuse a directory whose files are not the ones the manifest was written for."""
    for name, expected in sorted(manifest.files.items()):
        path = model_dir / name
        if not path.is_file():
            raise InvalidModelDirectory(f"{path} is missing (listed in {MANIFEST_NAME})")
        actual = hash_file(path)
        if actual != expected:
            raise InvalidModelDirectory(
                f"{path} has sha256 {actual[:16]}…, but {MANIFEST_NAME} expects {expected[:16]}…: "
                "the file was changed or damaged; rebuild the directory with scripts/build_model.py"
            )
