# submitted_as: rbf_layer (1).ipynb
# why: the right notebook under another file name (a second download); graded as rbf_layer.ipynb
# reported: graded rbf_layer (1).ipynb as rbf_layer.ipynb
