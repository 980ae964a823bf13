# replaces: dense_model_answer
# fails: dense_compiled dense_accuracy
# why: categorical_crossentropy needs one-hot labels: evaluating and training on integer labels fail
# cause: wrong_loss
def build_dense_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
