# replaces: rbf_model_answer
# fails: rbf_first_layer_init rbf_second_layer_init
# why: sigma is the mean distance over all pairs, ignoring the classes
# cause: sigma_all_pairs
from scipy.spatial.distance import pdist


def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED),
                     sigmas_initializer=keras.initializers.Constant(pdist(x_init).mean()))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED),
                      sigmas_initializer=keras.initializers.Constant(pdist(hidden).mean()))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
