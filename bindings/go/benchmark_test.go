package sse

// go test -run '^$' -bench . -benchmem   (bench/go/main.go measures a whole corpus)

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// smallEvents mimics bench/corpus.py's small-events corpus: id, type, ~70 B of JSON.
func smallEvents(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "id: %d\nevent: trade\ndata: {\"sym\":\"AAPL\",\"px\":%d.25,\"qty\":%d,\"side\":\"buy\",\"ts\":%d}\n\n",
			1_000_000+i, 100+i%900, 1+i%999, 1_700_000_000_000+i*37)
	}
	return []byte(b.String())
}

func BenchmarkParserWrite64KiB(b *testing.B) { benchmarkParserWrite(b, 64<<10) }

// A live stream of small events arrives in reads of about one event; this is the
// cost of a crossing per feed.
func BenchmarkParserWrite64B(b *testing.B) { benchmarkParserWrite(b, 64) }

func benchmarkParserWrite(b *testing.B, chunk int) {
	corpus := smallEvents(10000)
	events := 0
	p, err := NewParser(func(ev Event) error { events += len(ev.Data) & 1; return nil })
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	b.SetBytes(int64(len(corpus)))
	b.ResetTimer()
	for range b.N {
		for rest := corpus; len(rest) > 0; {
			n := min(chunk, len(rest))
			if _, err := p.Write(rest[:n]); err != nil {
				b.Fatal(err)
			}
			rest = rest[n:]
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkEncoderEncode(b *testing.B) {
	enc := NewEncoder(io.Discard)
	id := "1000000"
	m := Message{Type: "trade", ID: &id, Data: `{"sym":"AAPL","px":123.25,"qty":7,"side":"buy","ts":1700000000000}`}
	for range b.N {
		if err := enc.Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}
