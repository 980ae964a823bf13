# replaces: train_answer
# fails: train_time_per_epoch
# why: returns the total training time, not the time per epoch
# cause: total_time_not_per_epoch
def train(model, x, y, num_epochs, batch_size=64, validation_split=0.2):
    start = time.perf_counter()
    history = model.fit(x, y, epochs=num_epochs, batch_size=batch_size,
                        validation_split=validation_split, verbose=0)
    return history, time.perf_counter() - start
