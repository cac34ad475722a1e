package sse

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Client is a reconnecting EventSource client (rules M1 to M15, H1 to H5) on the C
// library's libcurl client.
//
//	c, err := sse.NewClient(url, sse.WithHeader("Authorization", "Bearer "+token))
//	if err != nil { ... }
//	defer c.Close()
//	for ev, err := range c.Events(ctx) { ... }
//
// A Client runs once: Run, Events or Subscribe drive it until it stops (a stop
// decision, a 204, a failure that the policy does not retry, the context, Close),
// and afterwards it stays closed. Handlers and the event callback run on the
// goroutine that drives it, one at a time, in the order of the stream (M13).
//
// Close, Stats, State, LastEventID and URL may be called from any goroutine.
type Client struct {
	cfg clientConfig

	mu             sync.Mutex // guards the fields below and the C handle's life
	raw            raw.Client // nil once freed
	running        bool
	closeRequested bool
	closing        chan struct{} // closed by the first close request
	closeFlag      atomic.Bool   // set with closing, for the per-record check
	lastEventID    string        // as of the last run call
	url            string        // as of the last run call
	final          ClientStats   // counters at the time the C client was freed
}

// NewClient creates a client for an http:// or https:// URL. Nothing is sent until
// it is driven. It fails with ErrInvalid for a bad URL or option value.
func NewClient(url string, opts ...ClientOption) (*Client, error) {
	cfg := defaultClientConfig()
	for _, o := range opts {
		o.applyClient(&cfg)
	}
	if err := cfg.validate(url); err != nil {
		return nil, err
	}
	rc := raw.NewClientConfig()
	defer raw.DeleteClientConfig(rc)
	cfg.fill(rc, url)

	c := &Client{cfg: cfg, lastEventID: cfg.parser.lastEventID, url: url,
		closing: make(chan struct{})}
	r := raw.NewClient(rc)
	if err := check(r.LastCode(), r); err != nil {
		raw.DeleteClient(r)
		return nil, err
	}
	c.raw = r
	runtime.SetFinalizer(c, (*Client).free)
	return c, nil
}

func (cfg *clientConfig) validate(url string) error {
	if cfg.invalid != "" {
		return errorf(codeInvalid, cfg.invalid)
	}
	if cfg.parser.maxEventSet && cfg.parser.maxEventBytes <= 0 {
		return errorf(codeInvalid, "WithMaxEventBytes needs a positive size")
	}
	// The C layer takes these as NUL-terminated strings: refuse a NUL here rather
	// than let it cut the value short.
	texts := []string{url, cfg.method, cfg.userAgent, cfg.proxy, cfg.caFile, cfg.clientCert,
		cfg.clientKey, cfg.parser.lastEventID}
	for _, h := range cfg.headers {
		texts = append(texts, h.name, h.value)
	}
	for _, s := range texts {
		if strings.IndexByte(s, 0) >= 0 {
			return errorf(codeInvalid, "NUL byte in a client option")
		}
	}
	return nil
}

func millis(d time.Duration) int64 { return d.Milliseconds() }

// fill copies the configuration into the binding's ClientConfig.
func (cfg *clientConfig) fill(rc raw.ClientConfig, url string) {
	rc.SetUrl(url)
	rc.SetMethod(cfg.method)
	if cfg.hasBody {
		rc.SetBody(string(cfg.body))
		rc.SetHas_body(true)
	}
	rc.SetLast_event_id(cfg.parser.lastEventID)
	rc.SetUser_agent(cfg.userAgent)
	rc.SetProxy(cfg.proxy)
	rc.SetCa_file(cfg.caFile)
	rc.SetClient_cert(cfg.clientCert)
	rc.SetClient_key(cfg.clientKey)
	rc.SetInsecure(cfg.insecure)
	rc.SetAccept_encoding(!cfg.noCompression)
	rc.SetHttp_version(int(cfg.httpVersion))
	for _, h := range cfg.headers {
		rc.AddHeader(h.name, h.value)
	}
	if cfg.connectTimeout >= 0 {
		rc.SetConnect_timeout_ms(millis(cfg.connectTimeout))
	}
	rc.SetIdle_timeout_ms(millis(cfg.idleTimeout))
	rc.SetRead_timeout_ms(millis(cfg.readTimeout))
	rc.SetUnrestricted_auth(cfg.unrestrictedAuth)
	if cfg.reconnectDelay >= 0 {
		rc.SetRetry_ms(millis(cfg.reconnectDelay))
	}
	if cfg.maxBackoff >= 0 {
		rc.SetMax_backoff_ms(millis(cfg.maxBackoff))
	}
	if cfg.backoffReset >= 0 {
		rc.SetBackoff_reset_ms(millis(cfg.backoffReset))
	}
	rc.SetJitter_percent(cfg.jitterPercent)
	rc.SetMax_attempts(cfg.maxAttempts)
	rc.SetMax_elapsed_ms(millis(cfg.maxElapsed))
	for _, s := range cfg.retryStatuses {
		rc.AddRetryStatus(s)
	}
	rc.SetMax_redirects(cfg.maxRedirects)
	rc.SetMax_event_bytes(int64(cfg.parser.maxEventBytes))
	rc.SetWant_comments(cfg.parser.onComment != nil)
	rc.SetPause_on_failure(cfg.onFailure != nil)
	rc.SetPause_on_disconnect(cfg.onDisconnect != nil)
	rc.SetPause_before_request(cfg.onBeforeRequest != nil)
}

// Close stops the client for good (M9): the connection in progress is aborted, a
// pending reconnection is cancelled and a running Run returns nil within
// milliseconds. It may be called from any goroutine and from handlers; closing
// again does nothing. It always returns nil.
func (c *Client) Close() error {
	c.requestClose()
	c.free()
	return nil
}

// Restart drops the current connection, if any, and reconnects at once with the
// current Last-Event-ID, e.g. after a token changed or when the stream looks stale.
// No failure is counted, the backoff is left alone and no handler is called for
// the dropped connection; a pending reconnection delay is skipped. It may be called
// from any goroutine and from handlers, and takes effect in the running (or next)
// Run within one I/O round. It returns ErrClosed once the client is closed.
func (c *Client) Restart() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw == nil || c.closeRequested {
		return errorf(codeClosed, "client is closed")
	}
	// sse_client_restart is thread-safe and keeps no message (another goroutine's
	// failure must not overwrite the driving goroutine's): the code's text is used.
	return check(c.raw.Restart(), nil)
}

// requestClose asks the C client to stop; safe while another goroutine is inside
// the blocking run call (sse_client_close is thread-safe).
func (c *Client) requestClose() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closeRequested {
		c.closeRequested = true
		c.closeFlag.Store(true)
		close(c.closing)
	}
	if c.raw != nil {
		c.raw.Close()
	}
}

// free releases the C client unless a goroutine is driving it (that goroutine
// frees it when it stops).
func (c *Client) free() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw == nil || c.running {
		return
	}
	c.final = c.liveStats()
	c.final.State = StateClosed
	raw.DeleteClient(c.raw)
	c.raw = nil
	runtime.SetFinalizer(c, nil)
}

// Stats returns the counters; safe from any goroutine, also after the client
// stopped (the last values are kept).
func (c *Client) Stats() ClientStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw == nil {
		return c.final
	}
	return c.liveStats()
}

// liveStats reads the C counters; c.mu must be held.
func (c *Client) liveStats() ClientStats {
	r := c.raw
	s := ClientStats{
		State:         State(r.State()),
		Attempts:      r.Attempts(),
		Reconnects:    r.Reconnects(),
		Failures:      r.Failures(),
		Events:        r.Events(),
		Bytes:         r.Bytes(),
		SkippedEvents: r.SkippedEvents(),
		Retry:         time.Duration(r.RetryMs()) * time.Millisecond,
		CurrentDelay:  time.Duration(r.CurrentDelayMs()) * time.Millisecond,
	}
	if ms := r.LastEventUnixMs(); ms > 0 {
		s.LastEvent = time.UnixMilli(ms)
	}
	return s
}

// State returns the ready state (M1).
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw == nil {
		return StateClosed
	}
	return State(c.raw.State())
}

// LastEventID returns the last event ID string (M11), which the next attempt sends
// as Last-Event-ID. While the client runs it is the value after the input
// received so far, which may be ahead of the event being delivered (use Event.ID
// in the event callback).
func (c *Client) LastEventID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastEventID
}

// URL returns where the next attempt goes: the final URL of the last redirect
// chain (M12).
func (c *Client) URL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.url
}
