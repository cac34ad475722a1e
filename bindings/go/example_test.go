package sse_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/libsse/libsse/bindings/go"
)

func ExampleNewParser() {
	p, err := sse.NewParser(func(ev sse.Event) error {
		fmt.Printf("%s #%s: %q\n", ev.Type, ev.ID, ev.Data)
		return nil
	})
	if err != nil {
		panic(err)
	}
	defer p.Close()
	// Chunks may end anywhere, even in the middle of a line.
	p.Write([]byte("event: greet\nid: 1\nda"))
	p.Write([]byte("ta: hello\ndata: world\n\n"))
	p.Finish()
	// Output: greet #1: "hello\nworld"
}

func ExampleEvents() {
	body := strings.NewReader("data: one\n\nid: 2\ndata: two\n\n")
	for ev, err := range sse.Events(body) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(ev.ID, ev.Data)
	}
	// Output:
	//  one
	// 2 two
}

func ExampleEncoder() {
	enc := sse.NewEncoder(os.Stdout)
	defer enc.Close()
	id := "42"
	enc.Encode(sse.Message{Type: "update", ID: &id, Data: "line 1\nline 2"})
	enc.KeepAlive()
	err := enc.Encode(sse.Message{Type: "bad\ntype"}) // would inject a line
	fmt.Println(errors.Is(err, sse.ErrField))
	// Output:
	// event: update
	// id: 42
	// data: line 1
	// data: line 2
	//
	// :
	// true
}
