# replaces: train_answer
# fails: train_history
# why: ignores validation_split: no validation curves and 25% more steps
# cause: no_validation_split
def train(model, x, y, num_epochs, batch_size=64, validation_split=0.2):
    start = time.perf_counter()
    history = model.fit(x, y, epochs=num_epochs, batch_size=batch_size, verbose=0)
    return history, (time.perf_counter() - start) / num_epochs
