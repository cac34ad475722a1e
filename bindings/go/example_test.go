package sse_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	sse "github.com/libsse/libsse/bindings/go"
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

func ExampleNewDecoder() {
	body := strings.NewReader("event: add\ndata: 1\n\n: keep-alive\n\ndata: 2\n\n")
	dec, err := sse.NewDecoder(body)
	if err != nil {
		panic(err)
	}
	defer dec.Close()
	for {
		ev, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(ev.Type, ev.Data)
	}
	// Output:
	// add 1
	// message 2
}

func ExampleWithRetry() {
	body := strings.NewReader("retry: 2500\ndata: x\n\n")
	for _, err := range sse.Events(body, sse.WithRetry(func(d time.Duration) {
		fmt.Println("server asks to reconnect after", d)
	})) {
		if err != nil {
			fmt.Println("error:", err)
		}
	}
	// Output: server asks to reconnect after 2.5s
}

func ExampleWithErrorHandler() {
	p, err := sse.NewParser(func(ev sse.Event) error {
		fmt.Println("event:", ev.Data)
		return nil
	}, sse.WithMaxEventBytes(16), sse.WithErrorHandler(func(err error) {
		fmt.Println("skipped, over the limit:", errors.Is(err, sse.ErrLimit))
	}))
	if err != nil {
		panic(err)
	}
	defer p.Close()
	p.WriteString("data: " + strings.Repeat("x", 100) + "\n\ndata: small\n\n")
	// Output:
	// skipped, over the limit: true
	// event: small
}

func ExampleError() {
	id := "1\n2" // an id with a line break would end the id line early
	err := sse.NewEncoder(io.Discard).Encode(sse.Message{ID: &id, Data: "x"})
	var e *sse.Error
	if errors.As(err, &e) && errors.Is(err, sse.ErrField) {
		fmt.Println("refused, nothing written")
	}
	// Output: refused, nothing written
}
