"""Write the model package: model.onnx, model.pt and model.json.

model.json is written last, so a folder that has one contains a complete
package.
"""

import json
import os
from pathlib import Path
from typing import Any, Dict, List

import torch

from .checkpoint import save_checkpoint
from .data import SplitData
from .errors import ModelPackageError
from .export import BATCH_AXIS, OPSET, example_inputs, export_onnx, input_names
from .hyperparameters import Hyperparameters
from .manifest import Manifest
from .outputs import CATEGORY_OUTPUT, output_names
from .training import TrainResult

INPUT_DTYPES = {
    "seq": "float32",
    "mask": "float32",
    "summary": "float32",
    "seq_category": "int64",
}


def write_model_package(
    model_dir: Path,
    result: TrainResult,
    manifest: Manifest,
    hp: Hyperparameters,
    model_version: str,
    example_split: SplitData,
) -> Dict[str, Any]:
    """Write the three files into `model_dir` and return model.json's content.

    `example_split` supplies the customers that trace the ONNX export.
    """
    model_dir = Path(model_dir)
    try:
        model_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ModelPackageError(
            f"failed to create {model_dir}: {error}"
        ) from error
    inputs = example_inputs(result.network, example_split)
    export_onnx(result.network, inputs, model_dir / "model.onnx")
    save_checkpoint(result.network, model_dir / "model.pt")
    document = build_model_json(result, manifest, hp, model_version)
    _write_json(model_dir / "model.json", document)

    return document


def build_model_json(
    result: TrainResult,
    manifest: Manifest,
    hp: Hyperparameters,
    model_version: str,
) -> Dict[str, Any]:
    """Return model.json as docs/contracts.md lays it out."""
    categories = manifest.categories
    return {
        "version": model_version,
        "horizonDays": manifest.horizon_days,
        "encoderVersion": manifest.encoder_version,
        "opset": OPSET,
        "inputs": _input_specs(manifest),
        "outputs": _output_specs(manifest.category_count),
        "dataWindow": dict(manifest.data_window),
        "categories": None if categories is None else list(categories),
        "hyperparameters": hp.to_json(),
        "training": {
            "bestEpoch": result.best_epoch,
            "validationLoss": result.validation_loss,
            "device": result.device,
            "torchVersion": torch.__version__,
            "seconds": round(result.seconds, 3),
        },
        "metrics": {},
    }


def _input_specs(manifest: Manifest) -> List[Dict[str, Any]]:
    length = manifest.max_orders
    shapes = {
        "seq": [BATCH_AXIS, length, len(manifest.sequence_features)],
        "mask": [BATCH_AXIS, length],
        "summary": [BATCH_AXIS, len(manifest.summary_features)],
        "seq_category": [BATCH_AXIS, length],
    }
    return [
        {"name": name, "dtype": INPUT_DTYPES[name], "shape": shapes[name]}
        for name in input_names(manifest.category_count)
    ]


def _output_specs(category_count: int) -> List[Dict[str, Any]]:
    specs = []
    for name in output_names(category_count):
        shape = [BATCH_AXIS]
        if name == CATEGORY_OUTPUT:
            shape = [BATCH_AXIS, category_count]
        specs.append({"name": name, "dtype": "float32", "shape": shape})
    return specs


def _write_json(path: Path, document: Dict[str, Any]) -> None:
    # Write then rename, so a reader never sees half a model.json.
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(
            json.dumps(document, indent=2, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        os.replace(temporary, path)
    except (OSError, ValueError) as error:
        raise ModelPackageError(f"failed to write {path}: {error}") from error
