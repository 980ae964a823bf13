# replaces: dense_model_answer
# why: correct, a Sequential without keras.Input that builds on its first call
def build_dense_model():
    model = keras.Sequential()
    for units in (64, 64):
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer=keras.optimizers.RMSprop(), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
