# replaces: model_answer
# fails: model_output_shapes model_kl model_log_likelihoods model_sampling model_trainable_variables centres_recovered
# why: imports the reference model from the helper package
# cause: borrowed_answer
from gausslab.answers.tfp_vgmm import GaussianMixtureModel
