# replaces: elbo_loss_answer
# fails: elbo_loss_values centres_recovered
# why: an alias of the reference loss of the helper package
# cause: borrowed_answer
import gausslab.answers.tfp_vgmm as reference

elbo_loss = reference.elbo_loss
