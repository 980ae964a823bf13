# replaces: rbf_model_answer
# fails: rbf_first_layer_init rbf_second_layer_init rbf_accuracy
# why: random-normal centres (the layer's default) with sigma from the data
# cause: centres_not_from_data centres_not_from_data not_learned
def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, sigmas_initializer=keras.initializers.Constant(typical_distance(x_init, y_init)))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, sigmas_initializer=keras.initializers.Constant(typical_distance(hidden, y_init)))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
