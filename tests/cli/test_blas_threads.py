"""The command line's processes do their matrix products on one thread unless the operator says otherwise."""

import os
import subprocess
import sys

import pytest

# Loads what the `dailypapers` command loads first, then numpy, and asks the OpenBLAS numpy carries how many threads
# it will use (the function numpy's bundled scipy-openblas exports).
PROBE = """
import dailypapers.cli
import ctypes
import numpy
path = next(line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line)
print(ctypes.CDLL(path).scipy_openblas_get_num_threads64_())
"""


def _threads(**variables: str) -> int:
    env = {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"} | variables
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="on one core OpenBLAS uses one thread whatever it is told")
def test_one_blas_thread_unless_the_operator_sets_another() -> None:
    assert _threads() == 1
    assert _threads(OPENBLAS_NUM_THREADS="2") == 2
