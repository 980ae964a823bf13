# replaces: dense_model_answer
# fails: dense_model_architecture dense_compiled dense_accuracy
# why: the output layer has no softmax: the outputs are not class probabilities
# cause: no_softmax
def build_dense_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
