module github.com/libsse/libsse/bindings/go

// 1.23 for range-over-func iterators (iter.Seq2); no toolchain line, so any
// installed Go >= 1.23 builds it without trying to download another toolchain.
go 1.23
