"""SageMaker entry point of the valuecast trainer.

Run it as `python train.py --help`. It adds its own folder to sys.path, so
the valuecast_model package beside it imports from any working directory.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from valuecast_model.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
