# replaces: train_answer
# why: correct, time.time() and fit's keyword arguments passed through a dict
def train(model, x, y, num_epochs, batch_size=64, validation_split=0.2):
    settings = dict(epochs=num_epochs, batch_size=batch_size, validation_split=validation_split)
    t0 = time.time()
    history = model.fit(x, y, verbose=0, **settings)
    per_epoch = (time.time() - t0) / num_epochs
    return history, per_epoch
