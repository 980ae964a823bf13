# replaces: squared_distances_answer
# fails: squared_distances_shape squared_distances_values
# why: borrowed: the helper package's squared_distances under the task's name
# cause: borrowed_answer
from gausslab.answers.rbf_layer import squared_distances
