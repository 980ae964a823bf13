# replaces: train_answer
# fails: train_history
# why: batch size hard-coded to 32
# cause: wrong_batch_or_split
def train(model, x, y, num_epochs, batch_size=64, validation_split=0.2):
    start = time.perf_counter()
    history = model.fit(x, y, epochs=num_epochs, batch_size=32,
                        validation_split=validation_split, verbose=0)
    return history, (time.perf_counter() - start) / num_epochs
