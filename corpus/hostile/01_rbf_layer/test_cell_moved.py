# replaces: squared_distances_values
# edit: last
# why: the student moved a test cell to the end of the notebook; it is graded where it is
