"""Text to unit vectors with an ONNX sentence-embedding model (tokenizers + ONNX Runtime + numpy, no PyTorch).

The model directory holds model.onnx, tokenizer.json and manifest.json; its files are checked at load.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray
from tokenizers import Tokenizer

from dailypapers.search.model_manifest import (
    MODEL_FILE,
    TOKENIZER_FILE,
    InvalidModelDirectory,
    ModelManifest,
    read_manifest,
    verify_files,
)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"

# Beyond two threads the web workers and the indexer would fight over the cores of a small server.
DEFAULT_THREADS = 2

Vectors = NDArray[np.float32]


class Embedder:
    """One loaded model. Calls may run concurrently: a session allows it, and nothing changes after load."""

    def __init__(self, model_dir: Path = DEFAULT_MODEL_DIR, *, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self.manifest: ModelManifest = read_manifest(self.model_dir)
        verify_files(self.model_dir, self.manifest)
        self._tokenizer = load_tokenizer(self.model_dir / TOKENIZER_FILE, max_length=self.manifest.max_seq_length)
        self._session = open_session(
            self.model_dir / MODEL_FILE, threads=threads or min(DEFAULT_THREADS, os.cpu_count() or 1)
        )
        self._input_names = {graph_input.name for graph_input in self._session.get_inputs()}
        output_dimension = self._session.get_outputs()[0].shape[-1]
        if output_dimension != self.manifest.dimension:
            raise InvalidModelDirectory(
                f"{self.model_dir}: the model outputs {output_dimension}-d vectors, "
                f"the manifest says {self.manifest.dimension}"
            )

    @property
    def model_id(self) -> str:
        return self.manifest.model_id

    @property
    def dimension(self) -> int:
        return self.manifest.dimension

    def embed_texts(self, texts: Sequence[str], *, batch_size: int = 32) -> Vectors:
        """Embed many texts; returns float32 (len(texts), dimension), each row of unit length."""
        if isinstance(texts, str):
            raise TypeError("embed_texts takes a sequence of texts; use embed_query for one")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        # Batching texts of similar length wastes less work on padding tokens.
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            vectors[chunk] = self._embed_batch([texts[index] for index in chunk])
        return vectors

    def embed_query(self, text: str) -> NDArray[np.float32]:
        """Embed one text; returns a float32 vector of unit length."""
        vector: NDArray[np.float32] = self._embed_batch([text])[0]
        return vector

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        input_ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        attention_mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        token_embeddings: Vectors = self._session.run(None, feeds)[0]
        pooled = pool_tokens(token_embeddings, attention_mask, pooling=self.manifest.pooling)
        return normalise_rows(pooled) if self.manifest.normalize else pooled


def load_tokenizer(path: Path, *, max_length: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    # The packaged MiniLM tokenizer truncates at 128 tokens and pads to a fixed 128; the model reads 256, and
    # padding to the longest text in the batch is cheaper.
    tokenizer.enable_truncation(max_length)
    padding = tokenizer.padding or {}
    tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
    return tokenizer


def open_session(path: Path, *, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle worker threads would otherwise spin on the cores after each call, taking them from the web server.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def pool_tokens(token_embeddings: Vectors, attention_mask: NDArray[np.int64], *, pooling: str) -> Vectors:
    """One vector per text from its token vectors, ignoring padding."""
    if pooling == "cls":
        return np.ascontiguousarray(token_embeddings[:, 0, :], dtype=np.float32)
    mask = attention_mask[:, :, np.newaxis].astype(np.float32)
    summed = (token_embeddings * mask).sum(axis=1)
    counts = np.maximum(mask.sum(axis=1), 1e-9)
    mean: Vectors = (summed / counts).astype(np.float32)
    return mean


def normalise_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit
