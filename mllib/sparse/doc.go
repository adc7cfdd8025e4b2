// Package sparse owns the compressed sparse row (CSR) matrix that the rest of
// mllib trains and evaluates on, its construction from (row, col, value)
// triplets or from delimited text, its transpose and binary encoding, and the
// IDMap that turns external keys (user names, item ids as strings) into the
// dense indices a matrix needs and back.
//
// Values are float32 because that is what the factor models consume; indices
// are int32 so a matrix with a hundred million nonzeros stays under a gigabyte.
package sparse
