# replaces: rbf_gradients
# edit: delete
# why: the student deleted a test cell; nbgrader leaves its points to a person, and the table says so
# reported: test cell rbf_gradients was deleted
