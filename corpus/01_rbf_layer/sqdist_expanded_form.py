# replaces: squared_distances_answer
# why: correct, with ||x||^2 - 2 x.mu + ||mu||^2 and one matrix product
def squared_distances(x, centers):
    x_sq = ops.sum(x ** 2, axis=1, keepdims=True)          # (b, 1)
    c_sq = ops.sum(centers ** 2, axis=0, keepdims=True)    # (1, m)
    return ops.maximum(x_sq - 2 * ops.matmul(x, centers) + c_sq, 0.0)
