"""Make KeOps' cache safe for processes that run at once; import it before ``pykeops``.

KeOps 2.3 keeps two index files (pickles) in its cache folder and rewrites them, by truncating
and writing in place, when a process exits. Another process that imports ``pykeops`` at that
moment reads a half-written file and fails with ``EOFError: Ran out of input``. This happens
when two notebooks are autograded at once, or when the benchmark starts fresh processes.
Importing this module first makes each save write a temporary file and rename it over the
old one, so that readers see either the old index or the new one.
"""

import os
import pickle
import tempfile

from keopscore.utils import Cache as _cache


def _save_atomically(self):
    library = self.library_params if isinstance(self, _cache.Cache_partial) else self.library
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(self.cache_file) or ".",
                                         suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        pickle.dump(library, file)
    os.replace(temporary, self.cache_file)


_cache.Cache.save_cache = _save_atomically
_cache.Cache_partial.save_cache = _save_atomically
