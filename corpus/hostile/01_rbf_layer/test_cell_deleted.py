# replaces: rbf_gradients
# edit: delete
# why: the student deleted a test cell; nbgrader grades the test as it was released
