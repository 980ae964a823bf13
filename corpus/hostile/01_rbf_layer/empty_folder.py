# submitted_as: -
# fails: not_graded
# why: an empty submission folder: nothing to grade
# reported: nothing submitted
