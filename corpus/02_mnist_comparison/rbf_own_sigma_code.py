# replaces: rbf_model_answer
# why: correct, the in-class mean distance computed by hand with distance_matrix
from scipy.spatial import distance_matrix


def in_class_distance(x, y):
    d = distance_matrix(x, x)
    same = (y[:, None] == y[None, :]) & ~np.eye(len(y), dtype=bool)
    return d[same].mean()


def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED),
                     sigmas_initializer=keras.initializers.Constant(in_class_distance(x_init, y_init)))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED),
                      sigmas_initializer=keras.initializers.Constant(in_class_distance(hidden, y_init)))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
