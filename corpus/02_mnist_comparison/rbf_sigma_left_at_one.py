# replaces: rbf_model_answer
# fails: rbf_first_layer_init rbf_second_layer_init rbf_accuracy
# why: centres on the data but sigma left at its default 1: every output is exp(-81), about 0
# cause: sigma_too_small sigma_still_1 not_learned
def build_rbf_model(x_init, y_init, units=64):
    first = RBFLayer(units, centers_initializer=DataSampleInitializer(x_init, seed=SEED))
    hidden = keras.ops.convert_to_numpy(first(x_init))
    second = RBFLayer(units, centers_initializer=DataSampleInitializer(hidden, seed=SEED))
    model = keras.Sequential([keras.Input(shape=(784,)), first, second,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
