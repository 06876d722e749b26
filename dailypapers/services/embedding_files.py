"""Embeddings as a file: exported by `dailypapers index --export`, loaded by `dailypapers demo`.

The demo corpus ships its vectors so semantic search works the moment the demo serves; the file records the
model's identity and each paper's content hash, and only vectors of the same model for unchanged text are loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.search import content_hash, embedding_text
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.search.embeddings import (
    NewEmbedding,
    iterate_embeddings_with_ids,
    list_texts_by_arxiv_ids,
    save_embeddings,
)
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.indexing import update_vector_index

FILE_FORMAT = 1
LOAD_BATCH = 2000


class ModelMismatch(ValueError):
    """The file's vectors were made by another model than the one in use."""


@dataclass(frozen=True, slots=True)
class LoadReport:
    loaded: int
    already: int  # the paper already had this very embedding
    changed: int  # the paper's text differs from what was embedded: left for `dailypapers index`
    missing: int  # no such paper here


def export_embeddings(db: Database, model: EmbeddingModel, *, path: Path) -> int:
    """Write every stored embedding of the model in use, half precision; returns how many."""
    arxiv_ids: list[str] = []
    hashes: list[str] = []
    chunks = []
    with db.reading() as connection:
        for ids, batch_hashes, vectors in iterate_embeddings_with_ids(connection, model_id=model.model_id):
            arxiv_ids += ids
            hashes += batch_hashes
            chunks.append(vectors.astype(np.float16))
    meta = {"format": FILE_FORMAT, "model_id": model.model_id, "dimension": model.dimension}
    vectors = np.vstack(chunks) if chunks else np.empty((0, model.dimension), np.float16)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        np.savez_compressed(
            stream,
            meta=np.array(json.dumps(meta)),
            arxiv_ids=np.array(arxiv_ids),
            content_hashes=np.array(hashes),
            vectors=vectors,
        )
    return len(arxiv_ids)


def load_embeddings(db: Database, indexes: SearchIndexes, *, path: Path, clock: Clock = utc_now) -> LoadReport:
    """Store the file's vectors for papers whose text is unchanged; raises ModelMismatch for another model's."""
    model = indexes.model
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        if meta.get("format") != FILE_FORMAT or meta["model_id"] != model.model_id:
            raise ModelMismatch(
                f"{path} holds vectors of {meta.get('model_id')!r}; the model in use is {model.model_id!r}"
            )
        arxiv_ids = data["arxiv_ids"].tolist()
        hashes = data["content_hashes"].tolist()
        vectors = data["vectors"].astype(np.float32)
    # Half precision moved the vectors off unit length by ~1e-4; search assumes unit vectors.
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    loaded = already = changed = missing = 0
    for start in range(0, len(arxiv_ids), LOAD_BATCH):
        batch = range(start, min(start + LOAD_BATCH, len(arxiv_ids)))
        with db.transaction() as connection:
            texts = list_texts_by_arxiv_ids(connection, arxiv_ids=[arxiv_ids[i] for i in batch])
            new = []
            for i in batch:
                paper = texts.get(arxiv_ids[i])
                if paper is None:
                    missing += 1
                    continue
                text = embedding_text(title=paper.title, abstract=paper.abstract)
                if content_hash(model_id=model.model_id, text=text) != hashes[i]:
                    changed += 1
                elif paper.stored_hash == hashes[i] and paper.stored_model_id == model.model_id:
                    already += 1
                else:
                    new.append(NewEmbedding(paper.paper_id, hashes[i], vectors[i]))
            save_embeddings(connection, embeddings=new, model_id=model.model_id, now=clock())
            loaded += len(new)
    if loaded:
        update_vector_index(db, indexes.vectors)
    return LoadReport(loaded=loaded, already=already, changed=changed, missing=missing)
