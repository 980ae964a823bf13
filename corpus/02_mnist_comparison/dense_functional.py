# replaces: dense_model_answer
# why: correct, functional API with named layers and a separate Softmax layer
def build_dense_model():
    inputs = keras.Input(shape=(784,), name="pixels")
    h = keras.layers.Dense(64, activation="relu", name="hidden_1")(inputs)
    h = keras.layers.Dense(64, activation="relu", name="hidden_2")(h)
    outputs = keras.layers.Softmax()(keras.layers.Dense(10, name="logits")(h))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    return model
