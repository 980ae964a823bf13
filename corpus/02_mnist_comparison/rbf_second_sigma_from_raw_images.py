# replaces: rbf_model_answer
# fails: rbf_second_layer_init rbf_accuracy
# why: the second layer's sigma is the typical distance of the raw images, not of the first layer's outputs
# cause: sigma_from_raw_images not_learned
def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED),
                     sigmas_initializer=keras.initializers.Constant(typical_distance(x_init, y_init)))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED),
                      sigmas_initializer=keras.initializers.Constant(typical_distance(x_init, y_init)))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
