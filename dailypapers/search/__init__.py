"""The search indexes: the keyword index in the database, stored embeddings, the vector index beside them.

onnxruntime is loaded here, before any module of the package can load usearch: with usearch's extension loaded
first, loading onnxruntime's ends the process with a segmentation fault (onnxruntime 1.31 and usearch 2.26 on this
platform), whichever module happened to import them in that order. `tests/search/test_native_imports.py` holds it.
"""

import onnxruntime  # noqa: F401  (loaded first on purpose, see above)
