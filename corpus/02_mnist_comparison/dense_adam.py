# replaces: dense_model_answer
# fails: dense_compiled
# why: compiled with Adam instead of RMSprop
# cause: wrong_optimizer
def build_dense_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
