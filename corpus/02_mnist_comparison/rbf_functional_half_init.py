# replaces: rbf_model_answer
# why: correct, functional API, initialised from the first 500 of x_init, w set explicitly to ones
def build_rbf_model(x_init, y_init, units=64):
    x_init, y_init = x_init[:500], y_init[:500]
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED),
                     sigmas_initializer=keras.initializers.Constant(typical_distance(x_init, y_init)),
                     weights_initializer=keras.initializers.Ones())
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED),
                      sigmas_initializer=keras.initializers.Constant(typical_distance(hidden, y_init)))
    inputs = keras.Input(shape=(784,))
    outputs = keras.layers.Dense(10, activation="softmax")(second(first(inputs)))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
