# replaces: rbf_model_answer
# fails: rbf_model_architecture rbf_compiled rbf_accuracy
# why: the output layer has no softmax
# cause: no_softmax
def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED),
                     sigmas_initializer=keras.initializers.Constant(typical_distance(x_init, y_init)))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED),
                      sigmas_initializer=keras.initializers.Constant(typical_distance(hidden, y_init)))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10)])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
