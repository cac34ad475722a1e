package sse

import (
	"time"
)

// ClientOption configures a Client. Besides the With*/On* functions below, the
// parser options work too and mean the same on every connection: WithComments,
// WithRetry (a server retry field, already adopted as the reconnection time),
// WithErrorHandler (an oversized event was skipped; the connection is kept),
// WithMaxEventBytes and WithLastEventID (the first request's Last-Event-ID).
type ClientOption interface {
	applyClient(*clientConfig)
}

type clientOptionFunc func(*clientConfig)

func (f clientOptionFunc) applyClient(c *clientConfig) { f(c) }

// applyClient makes every parser Option a ClientOption as well.
func (o Option) applyClient(c *clientConfig) { o(&c.parser) }

// HTTPVersion selects the HTTP version the client speaks.
type HTTPVersion int

const (
	HTTPAuto            HTTPVersion = 0  // negotiate: HTTP/2 over TLS when the server offers it
	HTTP11              HTTPVersion = 11 // HTTP/1.1 only
	HTTP2PriorKnowledge HTTPVersion = 20 // HTTP/2 also over cleartext (prior knowledge)
)

type header struct{ name, value string }

// clientConfig is everything the options collect; -1 (or a false *Set flag) means
// "library default".
type clientConfig struct {
	parser config // the shared parser options

	method                   string
	body                     []byte
	hasBody                  bool
	headers                  []header
	userAgent, proxy, caFile string
	clientCert, clientKey    string
	insecure                 bool
	noCompression            bool
	httpVersion              HTTPVersion
	connectTimeout           time.Duration // -1 = default (10 s)
	idleTimeout              time.Duration // 0 = off
	readTimeout              time.Duration // 0 = off
	unrestrictedAuth         bool
	reconnectDelay           time.Duration // -1 = default (1 s)
	maxBackoff               time.Duration // -1 = default (30 s)
	backoffReset             time.Duration // -1 = default (60 s)
	jitterPercent            int           // -1 = default (50)
	maxAttempts              int64
	maxElapsed               time.Duration
	retryStatuses            []int
	maxRedirects             int // -1 = default (20)

	onOpen          func(Response) error
	onFailure       func(Failure) Decision
	onDisconnect    func(Disconnect) Decision
	onBeforeRequest func(*Request) error

	observeFailure    func(Failure)
	observeDisconnect func(Disconnect)

	invalid string // first invalid option value, reported by NewClient
}

func defaultClientConfig() clientConfig {
	return clientConfig{connectTimeout: -1, reconnectDelay: -1, maxBackoff: -1,
		backoffReset: -1, jitterPercent: -1, maxRedirects: -1}
}

func (c *clientConfig) reject(why string) {
	if c.invalid == "" {
		c.invalid = why
	}
}

// WithMethod sets the request method (default GET), e.g. "POST".
func WithMethod(method string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.method = method })
}

// WithBody sends body with every request (use with WithMethod("POST")).
func WithBody(body []byte) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.body, c.hasBody = append([]byte(nil), body...), true
	})
}

// WithHeader adds a request header. It overrides the client's own headers of the
// same name (Accept, Cache-Control, User-Agent); Last-Event-ID is managed by the
// client and rejected (use WithLastEventID).
func WithHeader(name, value string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.headers = append(c.headers, header{name, value})
	})
}

// WithUserAgent replaces the default "libsse/<version>" User-Agent.
func WithUserAgent(ua string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.userAgent = ua })
}

// WithProxy sets the proxy URL; by default libcurl reads the usual environment
// variables.
func WithProxy(url string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.proxy = url })
}

// WithCAFile trusts the CA certificates in a PEM file instead of the system store.
func WithCAFile(path string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.caFile = path })
}

// WithClientCert authenticates with a PEM certificate and key (mutual TLS).
func WithClientCert(certFile, keyFile string) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.clientCert, c.clientKey = certFile, keyFile })
}

// WithInsecureSkipVerify turns off verification of the server's certificate.
// For tests only.
func WithInsecureSkipVerify() ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.insecure = true })
}

// WithoutCompression asks for the identity encoding instead of gzip/deflate.
func WithoutCompression() ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.noCompression = true })
}

// WithHTTPVersion selects the HTTP version (default HTTPAuto).
func WithHTTPVersion(v HTTPVersion) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		if v != HTTPAuto && v != HTTP11 && v != HTTP2PriorKnowledge {
			c.reject("WithHTTPVersion: unknown version")
		}
		c.httpVersion = v
	})
}

func nonNegative(c *clientConfig, name string, d time.Duration) time.Duration {
	if d < 0 {
		c.reject(name + " needs a duration >= 0")
		return 0
	}
	return d
}

// WithConnectTimeout limits connecting (default 10 s; 0 = no limit).
func WithConnectTimeout(d time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.connectTimeout = nonNegative(c, "WithConnectTimeout", d)
	})
}

// WithIdleTimeout reconnects when no event or comment arrives for d (default off).
// Servers send comments as keep-alives for this.
func WithIdleTimeout(d time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.idleTimeout = nonNegative(c, "WithIdleTimeout", d)
	})
}

// WithReadTimeout reconnects when no byte at all arrives for d (default off). Unlike
// WithIdleTimeout, a stream that trickles bytes slower than whole events survives
// it; the disconnect reason is DisconnectReadTimeout.
func WithReadTimeout(d time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.readTimeout = nonNegative(c, "WithReadTimeout", d)
	})
}

// WithUnrestrictedAuth(true) keeps sending the Authorization, Cookie and
// Proxy-Authorization headers set with WithHeader after a redirect moved the
// stream to another origin (scheme, host, port). By default they are sent to the
// configured origin only; OnBeforeRequest may still set them knowingly.
func WithUnrestrictedAuth(on bool) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.unrestrictedAuth = on })
}

// WithReconnectDelay sets the initial reconnection time (default 1 s), which a
// server's retry field replaces (M10).
func WithReconnectDelay(d time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.reconnectDelay = nonNegative(c, "WithReconnectDelay", d)
	})
}

// WithBackoff sets the cap of the exponential backoff (default 30 s) and how long
// a connection must stay open to reset it (default 60 s).
func WithBackoff(max, reset time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.maxBackoff = nonNegative(c, "WithBackoff", max)
		c.backoffReset = nonNegative(c, "WithBackoff", reset)
	})
}

// WithJitter sets the maximum random extra delay in percent (default 50; 0 makes
// delays exact).
func WithJitter(percent int) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		if percent < 0 {
			c.reject("WithJitter needs a percentage >= 0")
		}
		c.jitterPercent = percent
	})
}

// WithGiveUp stops reconnecting after maxAttempts consecutive failed attempts or
// after failing for maxElapsed (0 = no limit for either).
func WithGiveUp(maxAttempts int, maxElapsed time.Duration) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		if maxAttempts < 0 {
			c.reject("WithGiveUp needs maxAttempts >= 0")
		}
		c.maxAttempts = int64(maxAttempts)
		c.maxElapsed = nonNegative(c, "WithGiveUp", maxElapsed)
	})
}

// WithRetryStatuses makes these statuses (e.g. 429, 503) reconnect instead of
// stopping, after the Retry-After delay when the server sends one.
func WithRetryStatuses(statuses ...int) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		c.retryStatuses = append(c.retryStatuses, statuses...)
	})
}

// WithMaxRedirects limits the redirects followed per attempt (default 20, M12);
// 0 follows none.
func WithMaxRedirects(n int) ClientOption {
	return clientOptionFunc(func(c *clientConfig) {
		if n < 0 {
			c.reject("WithMaxRedirects needs n >= 0")
		}
		c.maxRedirects = n
	})
}

// OnOpen calls fn when a stream opens (M5), before its first event. An error
// returned by fn stops the client and Run returns it.
func OnOpen(fn func(Response) error) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.onOpen = fn })
}

// OnFailure calls fn after every failed attempt; its Decision replaces the
// library's default (return Failure.Default or the zero Decision to keep it).
func OnFailure(fn func(Failure) Decision) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.onFailure = fn })
}

// OnDisconnect calls fn when an open stream ends; its Decision replaces the
// library's default (reconnect).
func OnDisconnect(fn func(Disconnect) Decision) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.onDisconnect = fn })
}

// OnBeforeRequest calls fn before every attempt, the first one too. fn may change
// the request (a refreshed token, a new URL); an error stops the client and Run
// returns it.
func OnBeforeRequest(fn func(*Request) error) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.onBeforeRequest = fn })
}

// ObserveFailure calls fn after every failed attempt, to log or count failures,
// and leaves the reconnect decision to the library (Failure.Default) or to an
// OnFailure handler. Unlike OnFailure it does not make the C client wait for Go.
func ObserveFailure(fn func(Failure)) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.observeFailure = fn })
}

// ObserveDisconnect calls fn when an open stream ends, and leaves the decision
// to the library (Disconnect.Default) or to an OnDisconnect handler.
func ObserveDisconnect(fn func(Disconnect)) ClientOption {
	return clientOptionFunc(func(c *clientConfig) { c.observeDisconnect = fn })
}
