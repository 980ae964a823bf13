# replaces: initializer_answer
# fails: initializer_rows_from_data initializer_seed
# why: borrowed: an alias of the helper package's initializer
# cause: borrowed_answer
import gausslab.answers.rbf_layer

DataSampleInitializer = gausslab.answers.rbf_layer.DataSampleInitializer
