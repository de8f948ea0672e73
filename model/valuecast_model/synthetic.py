"""Write a synthetic dataset in the layout of docs/contracts.md.

Tests and benchmarks use it where no real dataset is at hand. Customers buy
at a personal rate and amount, and the labels follow from the same rates, so
a model can learn something. The numbers are shaped like CDNOW, not fitted.

Run `python -m valuecast_model.synthetic --out DIR` for a CDNOW-sized set.
"""

import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

SEQUENCE_FEATURES = ["log_amount", "age_years", "gap_years", "log_quantity"]
SUMMARY_FEATURES = [
    "log_orders",
    "log_repeat_occasions",
    "recency_years",
    "tenure_years",
    "idle_years",
    "log_total_spend",
    "log_mean_amount",
    "log_max_amount",
]
CDNOW_SIZES = {"train": 16500, "validation": 3535, "test": 3535}
HISTORY_DAYS = 273
HORIZON_DAYS = 273


def write_synthetic_dataset(
    root: Path,
    sizes: Dict[str, int],
    max_orders: int = 32,
    categories: Optional[List[str]] = None,
    seed: int = 0,
) -> Path:
    """Write one split folder per entry of `sizes` under `root`.

    Returns `root`.
    """
    root = Path(root)
    rng = np.random.default_rng(seed)
    manifest = _manifest(sizes, max_orders, categories)
    for split, rows in sizes.items():
        folder = root / split
        folder.mkdir(parents=True, exist_ok=True)
        tensors = _customers(rng, rows, max_orders, categories)
        for name, array in tensors.items():
            np.save(folder / f"{name}.npy", array)
        ids = [f"{split}-{index}" for index in range(rows)]
        (folder / "customers.json").write_text(json.dumps(ids))
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return root


def _manifest(sizes, max_orders, categories) -> dict:
    return {
        "formatVersion": 1,
        "encoderVersion": "1",
        "runId": "synthetic",
        "cutoff": "1997-09-30",
        "asOf": "1997-09-30",
        "horizonDays": HORIZON_DAYS,
        "maxOrders": max_orders,
        "sequenceFeatures": SEQUENCE_FEATURES,
        "summaryFeatures": SUMMARY_FEATURES,
        "categories": categories,
        "splits": dict(sizes),
        "dataWindow": {
            "firstOrderDate": "1997-01-01",
            "cutoff": "1997-09-30",
            "horizonEnd": "1998-06-30",
        },
    }


def _customers(
    rng, rows: int, length: int, categories
) -> Dict[str, np.ndarray]:
    count = len(categories) if categories else 0
    arrays = {
        "seq": np.zeros((rows, length, len(SEQUENCE_FEATURES)), np.float32),
        "mask": np.zeros((rows, length), np.float32),
        "summary": np.zeros((rows, len(SUMMARY_FEATURES)), np.float32),
        "label_value": np.zeros(rows, np.float32),
        "label_orders": np.zeros(rows, np.float32),
    }
    if count:
        arrays["seq_category"] = np.zeros((rows, length), np.int64)
        arrays["label_next_category"] = np.full(rows, -1, np.int64)
    for row in range(rows):
        _customer(rng, row, arrays, count)
    return arrays


def _customer(rng, row: int, arrays, count: int) -> None:
    length = arrays["mask"].shape[1]
    rate = rng.gamma(0.5, 0.01)  # orders per day while active
    log_amount_mean = rng.normal(3.3, 0.6)
    # CDNOW's customers all made their first order in the first quarter.
    tenure = rng.uniform(HISTORY_DAYS - 90, HISTORY_DAYS)
    orders = 1 + rng.poisson(rate * tenure)
    days = np.sort(np.floor(rng.uniform(0, tenure, orders - 1)))
    days = np.concatenate([[0.0], days])  # days since the first order
    amounts = np.exp(rng.normal(log_amount_mean, 0.5, orders))
    quantity = 1 + rng.poisson(1.0, orders)

    age = tenure - days
    gap = np.diff(days, prepend=days[0])
    features = np.stack(
        [np.log1p(amounts), age / 365, gap / 365, np.log1p(quantity)], axis=1
    )
    stored = min(orders, length)
    arrays["seq"][row, length - stored :] = features[-stored:]
    arrays["mask"][row, length - stored :] = 1.0
    arrays["summary"][row] = _summary(days, tenure, amounts)

    idle = tenure - days[-1]
    alive = rng.random() < 1.0 / (
        1.0 + np.exp(-(1.0 - idle / 60.0 + 0.3 * np.log1p(orders)))
    )
    future = 1 + rng.poisson(rate * HORIZON_DAYS) if alive else 0
    future_amounts = np.exp(rng.normal(log_amount_mean, 0.5, future))
    arrays["label_orders"][row] = future
    arrays["label_value"][row] = future_amounts.sum()
    if count:
        _categories(rng, row, arrays, count, stored, future)


def _summary(days, tenure, amounts) -> List[float]:
    occasions = len(np.unique(days))
    return [
        np.log1p(len(days)),
        np.log1p(occasions - 1),
        (days[-1] - days[0]) / 365,
        tenure / 365,
        (tenure - days[-1]) / 365,
        np.log1p(amounts.sum()),
        np.log1p(amounts.mean()),
        np.log1p(amounts.max()),
    ]


def _categories(rng, row: int, arrays, count: int, stored: int, future: int):
    length = arrays["mask"].shape[1]
    favourite = rng.integers(0, count)
    # Index 0 is padding, 1 unknown, 2 .. count + 1 the vocabulary.
    picks = np.where(
        rng.random(stored) < 0.7, favourite, rng.integers(0, count, stored)
    )
    indices = picks + 2
    indices[rng.random(stored) < 0.05] = 1
    arrays["seq_category"][row, length - stored :] = indices
    if future:
        chosen = favourite if rng.random() < 0.7 else rng.integers(0, count)
        arrays["label_next_category"][row] = (
            1 if rng.random() < 0.05 else chosen + 2
        )


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Write a synthetic dataset, CDNOW-sized unless the options set sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--train", type=int, default=CDNOW_SIZES["train"])
    parser.add_argument(
        "--validation", type=int, default=CDNOW_SIZES["validation"]
    )
    parser.add_argument("--test", type=int, default=CDNOW_SIZES["test"])
    parser.add_argument("--max-orders", type=int, default=32)
    parser.add_argument(
        "--categories", type=int, default=0, help="vocabulary size; 0 for none"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    categories = [f"category-{i}" for i in range(args.categories)] or None
    sizes = {
        "train": args.train,
        "validation": args.validation,
        "test": args.test,
    }
    write_synthetic_dataset(
        args.out, sizes, args.max_orders, categories, args.seed
    )


if __name__ == "__main__":
    main()
