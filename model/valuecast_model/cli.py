"""Command line of train.py, following the SageMaker training contract.

SageMaker passes hyperparameters as --name value arguments and the data and
output folders as SM_* environment variables. Outside SageMaker the same
folders default to paths under the working directory.
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence, Tuple

import torch

from .data import SplitData, load_split
from .device import (
    DEVICE_CHOICES,
    select_device,
    set_cpu_threads,
    uses_bf16,
)
from .errors import ConfigError, DatasetError, ValuecastModelError
from .hyperparameters import Hyperparameters
from .manifest import check_same_layout
from .package import write_model_package
from .progress import emit
from .training import evaluate_loss, train_model

LOCAL_TRAIN = "dataset/train"
LOCAL_VALIDATION = "dataset/validation"
LOCAL_MODEL_DIR = "model-output"
MODEL_VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

# Folder options: (flag, environment variable, local default, help).
FOLDER_OPTIONS = (
    ("--train", "SM_CHANNEL_TRAIN", LOCAL_TRAIN, "train split folder"),
    (
        "--validation",
        "SM_CHANNEL_VALIDATION",
        LOCAL_VALIDATION,
        "validation split folder",
    ),
    ("--test", "SM_CHANNEL_TEST", None, "optional test split folder"),
    ("--model-dir", "SM_MODEL_DIR", LOCAL_MODEL_DIR, "model package folder"),
)
# Hyperparameter options: (flag, Hyperparameters field, type, help).
HYPERPARAMETER_OPTIONS = (
    ("--epochs", "epochs", int, "maximum number of epochs"),
    ("--batch-size", "batch_size", int, "customers per training batch"),
    ("--learning-rate", "learning_rate", float, "AdamW learning rate"),
    ("--weight-decay", "weight_decay", float, "AdamW weight decay of matrices"),
    ("--d-model", "d_model", int, "Transformer width, a multiple of --heads"),
    ("--heads", "heads", int, "attention heads per layer"),
    ("--layers", "layers", int, "Transformer layers"),
    ("--dropout", "dropout", float, "dropout probability, in [0, 1)"),
    ("--patience", "patience", int, "epochs without a better validation loss"),
    ("--seed", "seed", int, "seed of initialisation, dropout and shuffling"),
)


@dataclass(frozen=True)
class Locations:
    """Folders of one run: input channels, model output, failure report."""

    train: Path
    validation: Path
    test: Optional[Path]
    model_dir: Path
    output_dir: Optional[Path]


@dataclass(frozen=True)
class RunOptions:
    """Settings of a run that are not hyperparameters."""

    locations: Locations
    model_version: str
    device: str
    max_threads: Optional[int]


def read_environment(environ: Mapping[str, str]) -> Locations:
    """Read the SageMaker folders from `environ`, with local defaults."""
    test = environ.get("SM_CHANNEL_TEST")
    output_dir = environ.get("SM_OUTPUT_DIR")
    return Locations(
        train=Path(environ.get("SM_CHANNEL_TRAIN", LOCAL_TRAIN)),
        validation=Path(environ.get("SM_CHANNEL_VALIDATION", LOCAL_VALIDATION)),
        test=Path(test) if test else None,
        model_dir=Path(environ.get("SM_MODEL_DIR", LOCAL_MODEL_DIR)),
        output_dir=Path(output_dir) if output_dir else None,
    )


def build_parser(defaults: Locations) -> argparse.ArgumentParser:
    """Build the argument parser, with folder defaults from `defaults`."""
    parser = argparse.ArgumentParser(
        prog="train.py",
        description="Train the valuecast model and write model.onnx, "
        "model.json and model.pt. Progress is printed as JSON lines on stdout.",
    )
    folders = parser.add_argument_group("folders")
    for flag, variable, local, text in FOLDER_OPTIONS:
        fallback = f", else {local}" if local else ""
        folders.add_argument(
            flag,
            type=Path,
            default=getattr(defaults, flag[2:].replace("-", "_")),
            help=f"{text} (default: ${variable}{fallback})",
        )

    hyper = parser.add_argument_group("hyperparameters")
    hp = Hyperparameters()
    for flag, field, kind, text in HYPERPARAMETER_OPTIONS:
        hyper.add_argument(
            flag,
            dest=field,
            type=kind,
            default=getattr(hp, field),
            help=f"{text} (default: %(default)s)",
        )

    run_options = parser.add_argument_group("run")
    run_options.add_argument(
        "--model-version",
        default="dev",
        help="version in model.json, such as vc-20261204T154000Z "
        "(default: %(default)s)",
    )
    run_options.add_argument(
        "--device",
        default="auto",
        choices=DEVICE_CHOICES,
        help="auto uses CUDA when torch finds a GPU (default: %(default)s)",
    )
    run_options.add_argument(
        "--max-threads",
        type=int,
        default=None,
        help="torch's CPU threads (default: torch's own choice)",
    )
    return parser


def parse_arguments(
    argv: Sequence[str], environ: Mapping[str, str]
) -> Tuple[Hyperparameters, RunOptions]:
    """Parse and check `argv`. Raises ConfigError for an invalid value."""
    defaults = read_environment(environ)
    args = build_parser(defaults).parse_args(list(argv))
    hp = Hyperparameters(
        **{
            field: getattr(args, field)
            for _, field, _, _ in HYPERPARAMETER_OPTIONS
        }
    )
    hp.validate()
    if not MODEL_VERSION_PATTERN.fullmatch(args.model_version):
        raise ConfigError(
            f"invalid --model-version {args.model_version!r}: use up to 128 "
            "letters, digits, '.', '_' and '-', starting with a letter or "
            "digit, such as vc-20261204T154000Z"
        )
    if args.max_threads is not None and args.max_threads < 1:
        raise ConfigError(
            f"invalid --max-threads {args.max_threads}: use 1 or more, or "
            "leave it out"
        )
    locations = Locations(
        train=args.train,
        validation=args.validation,
        test=args.test,
        model_dir=args.model_dir,
        output_dir=defaults.output_dir,
    )
    options = RunOptions(
        locations, args.model_version, args.device, args.max_threads
    )
    return hp, options


def run(hp: Hyperparameters, options: RunOptions) -> dict:
    """Load the splits, train, and write the model package.

    Returns model.json's content.
    """
    set_cpu_threads(options.max_threads)
    device = select_device(options.device)
    where = options.locations
    train, validation, test = load_splits(where)
    emit(
        "start",
        trainRows=train.size,
        validationRows=validation.size,
        testRows=None if test is None else test.size,
        device=str(device),
        threads=torch.get_num_threads(),
        torchVersion=torch.__version__,
    )

    result = train_model(train, validation, hp, device)
    test_loss = None
    if test is not None and test.size > 0:
        network = result.network.to(device)
        test_loss = evaluate_loss(network, test, device, uses_bf16(device))
        network.to("cpu")
    document = write_model_package(
        where.model_dir,
        result,
        train.manifest,
        hp,
        options.model_version,
        validation,
    )
    emit(
        "done",
        bestEpoch=result.best_epoch,
        validationLoss=result.validation_loss,
        testLoss=test_loss,
        epochs=result.epochs_run,
        seconds=round(result.seconds, 3),
        modelDir=str(where.model_dir),
    )
    return document


def load_splits(
    where: Locations,
) -> Tuple[SplitData, SplitData, Optional[SplitData]]:
    """Load train, validation and the optional test split, and check that
    they come from one dataset and that train and validation are not empty.
    """
    train = load_split(where.train, "train")
    validation = load_split(where.validation, "validation")
    check_same_layout(train.manifest, validation.manifest)
    test = None
    if where.test is not None:
        test = load_split(where.test, "test")
        check_same_layout(train.manifest, test.manifest)
    for name, split in (("train", train), ("validation", validation)):
        if split.size == 0:
            raise DatasetError(
                f"the {name} split has no customers; build the dataset from "
                "a longer order history or a later cutoff"
            )
    return train, validation, test


def main(
    argv: Optional[Sequence[str]] = None,
    environ: Optional[Mapping[str, str]] = None,
) -> int:
    """Run train.py and return its exit status (0 on success)."""
    environ = os.environ if environ is None else environ
    argv = sys.argv[1:] if argv is None else argv
    output_dir = read_environment(environ).output_dir
    try:
        hp, options = parse_arguments(argv, environ)
        run(hp, options)
    except ValuecastModelError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        _write_failure(output_dir, error)
        return error.exit_code
    return 0


def _write_failure(output_dir: Optional[Path], error: Exception) -> None:
    # SageMaker reports the start of this file as the job's FailureReason.
    if output_dir is None:
        return
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        (output_dir / "failure").write_text(
            f"{type(error).__name__}: {error}\n", encoding="utf-8"
        )
    except OSError as write_error:
        print(
            f"warning: failed to write the failure file: {write_error}",
            file=sys.stderr,
        )
