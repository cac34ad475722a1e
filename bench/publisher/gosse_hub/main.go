// The go-sse hub of the publisher benchmark (bench/run-publisher): go-sse 0.12.0's
// Joe provider behind net/http on 127.0.0.1, subscribed at GET /events?topic=T
// (topic may repeat), published from a goroutine of this process: go-sse's fastest
// publish path, as libsse's hub publishes in process too (nchan can only take POSTs).
//
// Prints "listening http://127.0.0.1:PORT", then reads commands on stdin, one per line:
//
//	subscribers                        -> "subscribers n=N" (requests inside Subscribe)
//	publish START COUNT TOPICS RATE    -> publishes events START..START+COUNT-1, event i
//	                                      on topic "t<i % TOPICS>" with data "i SEND_NS",
//	                                      RATE events/s (0: as fast as Joe takes them),
//	                                      then "published count=N errors=E first_ns=..
//	                                      last_ns=.. seconds=S rate=R" (the format of
//	                                      bench/publisher/publish_plan.c)
//	quit (or end of input)             -> exits
package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	sse "github.com/tmaxmax/go-sse"
)

type hub struct {
	joe         *sse.Joe
	subscribers atomic.Int64
}

// ServeHTTP is go-sse's Server.ServeHTTP with the topics taken from the query and the
// response head sent at once (go-sse holds it until the first event otherwise, and
// the load generator's connections should all be open before the first publish).
func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	topics := r.URL.Query()["topic"]
	if len(topics) == 0 {
		http.Error(w, "topic required", http.StatusBadRequest)
		return
	}
	sess, err := sse.Upgrade(w, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := sess.Flush(); err != nil {
		return
	}
	h.subscribers.Add(1)
	defer h.subscribers.Add(-1)
	sub := sse.Subscription{Client: sess, LastEventID: sess.LastEventID, Topics: topics}
	if err := h.joe.Subscribe(r.Context(), sub); err != nil {
		fmt.Fprintln(os.Stderr, "subscribe:", err)
	}
}

type plan struct {
	start, count uint64
	topics       uint64
	rate         float64
}

func (h *hub) publish(p plan) {
	var errors uint64
	var first, last int64
	began := time.Now()
	for k := uint64(0); k < p.count; k++ {
		if p.rate > 0 {
			due := began.Add(time.Duration(float64(k) * 1e9 / p.rate))
			if wait := time.Until(due); wait > 0 {
				time.Sleep(wait)
			}
		}
		i := p.start + k
		last = time.Now().UnixNano()
		if k == 0 {
			first = last
		}
		msg := &sse.Message{}
		msg.AppendData(strconv.FormatUint(i, 10) + " " + strconv.FormatInt(last, 10))
		if err := h.joe.Publish(msg, []string{"t" + strconv.FormatUint(i%p.topics, 10)}); err != nil {
			errors++
		}
	}
	fmt.Printf("published count=%d errors=%d first_ns=%d last_ns=%d seconds=%.6f rate=%g\n",
		p.count, errors, first, last, float64(last-first)/1e9, p.rate)
}

func main() {
	h := &hub{joe: &sse.Joe{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/events" {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})}
	go server.Serve(ln)
	fmt.Printf("listening http://%s\n", ln.Addr())

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		var p plan
		switch {
		case line == "subscribers":
			fmt.Printf("subscribers n=%d\n", h.subscribers.Load())
		case line == "quit":
			return
		default:
			if n, _ := fmt.Sscanf(line, "publish %d %d %d %g", &p.start, &p.count, &p.topics,
				&p.rate); n == 4 && p.topics > 0 {
				h.publish(p)
			} else {
				fmt.Printf("error unknown command: %s\n", line)
			}
		}
	}
}
