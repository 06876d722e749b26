"""The `dailypapers` command line.

Every process it starts does its numpy matrix products on one thread unless OPENBLAS_NUM_THREADS says otherwise:
set here, before anything loads numpy, and inherited by the web workers `serve` spawns (docs/decisions.md, "One BLAS
thread per process").
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
