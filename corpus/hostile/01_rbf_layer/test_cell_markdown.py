# replaces: rbf_param_count
# edit: markdown
# why: the student turned a test cell into markdown; nbgrader restores it
