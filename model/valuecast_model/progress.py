"""Progress events on stdout and warnings on stderr.

stdout carries one JSON object per line, so the launcher can parse it from
the SageMaker logs. Everything meant for people goes to stderr.
"""

import json
import math
import sys
from typing import Any


def emit(event: str, **fields: Any) -> None:
    """Print {"event": event, **fields} as one JSON line on stdout."""
    record = {"event": event}
    record.update({key: _json_value(value) for key, value in fields.items()})
    print(json.dumps(record, sort_keys=False), flush=True)


def warn(message: str) -> None:
    """Print a warning line for people on stderr."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


def _json_value(value: Any) -> Any:
    # JSON has no NaN or infinity, so null keeps each line parseable.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
