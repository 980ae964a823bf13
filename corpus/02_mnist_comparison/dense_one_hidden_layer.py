# replaces: dense_model_answer
# fails: dense_model_architecture
# why: one hidden layer of 64 instead of two
# cause: wrong_architecture
def build_dense_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
