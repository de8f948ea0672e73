"""Save and load model.pt: the network's weights and its NetworkConfig."""

import inspect
import json
import pickle
from pathlib import Path

import torch

from .errors import ModelPackageError
from .network import NetworkConfig, ValueNetwork

CHECKPOINT_FORMAT_VERSION = 1


def save_checkpoint(network: ValueNetwork, path: Path) -> None:
    """Write `network`'s config and state_dict (CPU tensors) to `path`."""
    state = {
        name: value.detach().to("cpu")
        for name, value in network.state_dict().items()
    }
    checkpoint = {
        "formatVersion": CHECKPOINT_FORMAT_VERSION,
        # JSON text, because torch 1.13's weights_only loader rejects floats.
        "config": json.dumps(network.config.to_dict()),
        "state_dict": state,
    }
    try:
        torch.save(checkpoint, str(path))
    except OSError as error:
        raise ModelPackageError(f"failed to write {path}: {error}") from error


def load_checkpoint(path: Path) -> ValueNetwork:
    """Rebuild the network saved at `path`, in eval mode on the CPU.

    Raises ModelPackageError when the file is missing or was written by another
    checkpoint format.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelPackageError(
            f"model.pt not found: {path}; pass the folder that train.py wrote"
        )
    try:
        checkpoint = torch.load(str(path), map_location="cpu", **_safe_load())
    except (RuntimeError, OSError, pickle.UnpicklingError) as error:
        raise ModelPackageError(f"failed to read {path}: {error}") from error
    version = (
        checkpoint.get("formatVersion")
        if isinstance(checkpoint, dict)
        else None
    )
    if version != CHECKPOINT_FORMAT_VERSION:
        raise ModelPackageError(
            f"unsupported model.pt formatVersion {version!r} in {path}: this "
            f"package reads version {CHECKPOINT_FORMAT_VERSION}; retrain it"
        )
    config = NetworkConfig(**json.loads(checkpoint["config"]))
    network = ValueNetwork(config, stats=None)
    network.load_state_dict(checkpoint["state_dict"])

    return network.eval()


def _safe_load():
    # weights_only rejects arbitrary pickled objects. torch 1.13 and later
    # have the option, and it is the default from torch 2.6.
    if "weights_only" in inspect.signature(torch.load).parameters:
        return {"weights_only": True}
    return {}
