"""Write PyTorch's predictions for a split folder, for the ONNX parity test.

Usage, from the model/ folder or with PYTHONPATH=model:

    /usr/bin/python3 -m valuecast_model.predict --model-dir DIR --data DIR \\
        --out FILE.npz

The .npz contains one float32 array per ONNX output name, in the split's row
order, so the TypeScript test can compare onnxruntime's outputs with them.
Labels in the split folder are neither needed nor read, and the row count
need not match the manifest's splits.
"""

import argparse
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import numpy as np
import torch

from .checkpoint import load_checkpoint
from .data import SplitData, load_split
from .errors import DatasetError, ValuecastModelError
from .export import input_names
from .network import ValueNetwork
from .outputs import output_names
from .progress import emit

BATCH_SIZE = 4096


def predict_split(
    network: ValueNetwork, split: SplitData
) -> Dict[str, np.ndarray]:
    """Return each named output for every row of `split`.

    Arrays are float32 [N], and [N, C] for category_probs. The network gets
    full-length sequences, exactly as the ONNX graph does.
    """
    _check_compatible(network, split)
    names = input_names(network.config.category_count)
    batches = []
    with torch.no_grad():
        for start in range(0, split.size, BATCH_SIZE):
            inputs = [
                getattr(split, name)[start : start + BATCH_SIZE]
                for name in names
            ]
            batches.append(network(*inputs))
    results = {}
    for name in output_names(network.config.category_count):
        parts = [batch[name].numpy() for batch in batches]
        results[name] = _concatenate(parts, network, name)
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the predict command line and return its exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m valuecast_model.predict",
        description="Write model.pt's outputs for a split folder to an .npz.",
    )
    parser.add_argument(
        "--model-dir", type=Path, required=True, help="folder with model.pt"
    )
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="split folder with manifest.json, seq.npy, mask.npy, summary.npy",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help=".npz file to write"
    )
    args = parser.parse_args(argv)
    try:
        network = load_checkpoint(args.model_dir / "model.pt")
        # No split name skips the row-count check, because a parity folder
        # may contain a subset of a split.
        split = load_split(args.data, None, labels=False)
        results = predict_split(network, split)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        # A file object stops numpy from appending ".npz" to the name.
        with open(args.out, "wb") as handle:
            np.savez(handle, **results)
    except ValuecastModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"error: failed to write {args.out}: {error}", file=sys.stderr)
        return 1
    emit("predicted", rows=split.size, outputs=list(results), out=str(args.out))
    return 0


def _check_compatible(network: ValueNetwork, split: SplitData) -> None:
    config = network.config
    manifest = split.manifest
    expected = {
        "maxOrders": config.max_orders,
        "sequenceFeatures": config.sequence_features,
        "summaryFeatures": config.summary_features,
        "categories": config.category_count,
    }
    actual = {
        "maxOrders": manifest.max_orders,
        "sequenceFeatures": len(manifest.sequence_features),
        "summaryFeatures": len(manifest.summary_features),
        "categories": manifest.category_count,
    }
    for key, value in expected.items():
        if actual[key] != value:
            raise DatasetError(
                f"{manifest.path} does not fit the model: {key} is "
                f"{actual[key]} there but {value} in the model; use a dataset "
                "built with the model's encoder settings"
            )


def _concatenate(parts, network: ValueNetwork, name: str) -> np.ndarray:
    if parts:
        return np.concatenate(parts).astype(np.float32)
    width = network.config.category_count
    shape = (0,) if width == 0 or name != "category_probs" else (0, width)
    return np.zeros(shape, np.float32)


if __name__ == "__main__":
    sys.exit(main())
