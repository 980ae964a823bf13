# replaces: squared_distances_answer
# why: correct, broadcasting by indexing with None and a loop-free einsum
def squared_distances(x, centers):
    x = ops.convert_to_tensor(x, dtype="float32")
    centers = ops.convert_to_tensor(centers, dtype="float32")
    d = x[:, :, None] - centers[None, :, :]
    return ops.einsum("bnm,bnm->bm", d, d)
