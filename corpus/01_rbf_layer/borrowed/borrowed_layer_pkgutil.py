# replaces: rbf_layer_answer
# fails: rbf_output_shape rbf_functional_model rbf_param_count rbf_values rbf_gradients rbf_fit_step rbf_far_inputs rbf_config_roundtrip
# why: borrowed: walks gausslab's modules with pkgutil and takes whatever is called RBFLayer
# cause: borrowed_answer
import importlib
import pkgutil

import gausslab

for info in pkgutil.walk_packages(gausslab.__path__, "gausslab."):
    try:
        found = getattr(importlib.import_module(info.name), "RBFLayer", None)
    except Exception:
        continue
    if found is not None:
        RBFLayer = found
        break
