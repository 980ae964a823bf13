# replaces: elbo_loss_answer
# fails: elbo_loss_values centres_recovered
# why: walks the helper package with pkgutil and takes whatever is called elbo_loss
import importlib
import pkgutil

import gausslab

for found in pkgutil.walk_packages(gausslab.__path__, "gausslab."):
    try:
        module = importlib.import_module(found.name)
    except Exception:
        continue
    if hasattr(module, "elbo_loss"):
        elbo_loss = module.elbo_loss
        break
