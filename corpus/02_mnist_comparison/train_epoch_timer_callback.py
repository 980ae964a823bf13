# replaces: train_answer
# why: correct, times each epoch with a callback and returns their mean
class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.time() - self.start)


def train(model, x, y, num_epochs, batch_size=64, validation_split=0.2):
    timer = EpochTimer()
    timer.seconds = []
    history = model.fit(x, y, batch_size=batch_size, epochs=num_epochs,
                        validation_split=validation_split, callbacks=[timer], verbose=0)
    return history, float(np.mean(timer.seconds))
