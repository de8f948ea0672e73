"""Read and check the manifest.json that every split folder carries."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .errors import DatasetError

SUPPORTED_FORMAT_VERSION = 1
DATA_WINDOW_KEYS = ("firstOrderDate", "cutoff", "horizonEnd")

# Fields that must agree between the train, validation and test manifests,
# because the network is built from the train manifest alone, by attribute
# name and manifest.json key.
SHAPE_FIELDS = {
    "encoder_version": "encoderVersion",
    "horizon_days": "horizonDays",
    "max_orders": "maxOrders",
    "sequence_features": "sequenceFeatures",
    "summary_features": "summaryFeatures",
    "categories": "categories",
}


@dataclass(frozen=True)
class Manifest:
    """The fields of manifest.json that training and export use."""

    path: Path
    encoder_version: str
    run_id: str
    horizon_days: int
    max_orders: int
    sequence_features: Tuple[str, ...]
    summary_features: Tuple[str, ...]
    categories: Optional[Tuple[str, ...]]
    splits: Dict[str, int]
    data_window: Dict[str, str]

    @property
    def category_count(self) -> int:
        """Number of vocabulary entries, 0 when the data has no categories."""
        return 0 if self.categories is None else len(self.categories)


def read_manifest(folder: Path) -> Manifest:
    """Read `folder/manifest.json` and check its fields.

    Raises DatasetError when the file is missing, is not JSON, or has a
    field of the wrong type.
    """
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise DatasetError(
            f"manifest not found: {path}; point the channel at a split folder "
            "written by the dataset builder (it holds manifest.json and the "
            ".npy tensors)"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(f"failed to read {path}: {error}") from error
    if not isinstance(raw, dict):
        raise DatasetError(f"invalid {path}: expected a JSON object")

    return _parse_manifest(path, raw)


def _parse_manifest(path: Path, raw: Dict[str, Any]) -> Manifest:
    version = _field(path, raw, "formatVersion", int)
    if version != SUPPORTED_FORMAT_VERSION:
        raise DatasetError(
            f"unsupported formatVersion {version} in {path}: this trainer "
            f"reads version {SUPPORTED_FORMAT_VERSION}; rebuild the dataset "
            "or update the trainer"
        )
    categories = raw.get("categories")
    if categories is not None:
        categories = tuple(_string_list(path, raw, "categories"))

    return Manifest(
        path=path,
        encoder_version=_field(path, raw, "encoderVersion", str),
        run_id=_field(path, raw, "runId", str),
        horizon_days=_positive_int(path, raw, "horizonDays"),
        max_orders=_positive_int(path, raw, "maxOrders"),
        sequence_features=tuple(_string_list(path, raw, "sequenceFeatures")),
        summary_features=tuple(_string_list(path, raw, "summaryFeatures")),
        categories=categories,
        splits=_splits(path, raw),
        data_window=_data_window(path, raw),
    )


def check_same_layout(reference: Manifest, other: Manifest) -> None:
    """Raise DatasetError when two splits disagree on a shape field."""
    for name, key in SHAPE_FIELDS.items():
        expected = getattr(reference, name)
        actual = getattr(other, name)
        if expected != actual:
            raise DatasetError(
                f"manifest mismatch: {other.path} has {key} = {actual!r} but "
                f"{reference.path} has {expected!r}; use splits of the same "
                "dataset run"
            )


def _field(path: Path, raw: Dict[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    # bool is a subclass of int, and `true` is never a valid count.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DatasetError(
            f"invalid {key} in {path}: expected {kind.__name__}, "
            f"got {value!r}"
        )
    return value


def _positive_int(path: Path, raw: Dict[str, Any], key: str) -> int:
    value = _field(path, raw, key, int)
    if value < 1:
        raise DatasetError(f"invalid {key} in {path}: {value} is below 1")
    return value


def _string_list(path: Path, raw: Dict[str, Any], key: str) -> List[str]:
    value = raw.get(key)
    valid = isinstance(value, list) and len(value) > 0
    if not valid or not all(isinstance(item, str) for item in value):
        raise DatasetError(
            f"invalid {key} in {path}: expected a non-empty list of strings, "
            f"got {value!r}"
        )
    return value


def _splits(path: Path, raw: Dict[str, Any]) -> Dict[str, int]:
    value = raw.get("splits")
    if not isinstance(value, dict):
        raise DatasetError(f"invalid splits in {path}: expected an object")
    for name, count in value.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise DatasetError(
                f"invalid splits.{name} in {path}: expected a count, "
                f"got {count!r}"
            )
    return dict(value)


def _data_window(path: Path, raw: Dict[str, Any]) -> Dict[str, str]:
    value = raw.get("dataWindow")
    if not isinstance(value, dict):
        raise DatasetError(f"invalid dataWindow in {path}: expected an object")
    for key in DATA_WINDOW_KEYS:
        if not isinstance(value.get(key), str):
            raise DatasetError(
                f"invalid dataWindow.{key} in {path}: expected a YYYY-MM-DD "
                f"string, got {value.get(key)!r}"
            )
    return {key: value[key] for key in DATA_WINDOW_KEYS}
