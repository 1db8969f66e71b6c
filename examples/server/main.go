// Command server parses posts over HTTP, for CMS backends.
//
//	go run ./examples/server [-addr HOST:PORT] [-max-body BYTES] [-max-inflight N] [timeouts]
//
// Endpoints:
//
//	POST /v1/parse?base=URL&tz=ZONE   the raw post as the body; the Article as JSON
//	GET  /healthz                     {"status":"ok",…}
//
// The body's Content-Type says how to read it: text/markdown (a Markdown
// body), text/html (an HTML body) or text/plain (either, as Parse decides);
// a charset parameter other than UTF-8 names its encoding. Other types get
// 415. base (an absolute http(s) URL for relative links and images) and tz
// (a time zone such as Asia/Shanghai, for dates without one) are optional;
// an invalid one gets 400.
//
// It is built to face a busy importer: the body is limited (-max-body, 413
// past it), every connection has read, write and idle timeouts (a client
// that trickles its headers is cut off after -read-header-timeout), at
// most -max-inflight posts are parsed at once (beyond that, 503 with
// Retry-After at once, rather than a queue that grows), and SIGINT or
// SIGTERM stops it gracefully: it stops accepting, finishes the requests
// in flight (up to -shutdown-timeout), and exits 0. Errors are JSON,
// {"error": "…"}, and never show a stack trace; every request is logged
// as JSON with log/slog on standard error.
//
// It exits 0 after a graceful stop, 1 when it cannot listen or stop in
// time, and 2 on bad usage.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/articlekit/article"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

type config struct {
	addr              string
	maxBody           int64
	maxInflight       int
	retryAfter        time.Duration
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
	shutdownTimeout   time.Duration
}

func defaultConfig() config {
	return config{
		addr:              "127.0.0.1:8080",
		maxBody:           article.DefaultMaxBytes,
		maxInflight:       4 * runtime.GOMAXPROCS(0),
		retryAfter:        time.Second,
		readHeaderTimeout: 5 * time.Second,
		readTimeout:       30 * time.Second,
		writeTimeout:      60 * time.Second,
		idleTimeout:       120 * time.Second,
		shutdownTimeout:   30 * time.Second,
	}
}

func run(args []string, stderr io.Writer) int {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "`address` to listen on")
	fs.Int64Var(&cfg.maxBody, "max-body", cfg.maxBody, "largest request body, in `bytes` (413 past it)")
	fs.IntVar(&cfg.maxInflight, "max-inflight", cfg.maxInflight, "posts parsed at once; more get 503 with Retry-After")
	fs.DurationVar(&cfg.retryAfter, "retry-after", cfg.retryAfter, "the Retry-After of a 503, rounded up to seconds")
	fs.DurationVar(&cfg.readHeaderTimeout, "read-header-timeout", cfg.readHeaderTimeout, "time to read a request's headers")
	fs.DurationVar(&cfg.readTimeout, "read-timeout", cfg.readTimeout, "time to read a whole request, body included")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", cfg.writeTimeout, "time from the end of the headers to the end of the response")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", cfg.idleTimeout, "time a kept-alive connection waits for its next request")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", cfg.shutdownTimeout, "time the requests in flight get to finish on SIGINT or SIGTERM")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: server [-addr HOST:PORT] [-max-body BYTES] [-max-inflight N] [-read-header-timeout D] [-read-timeout D] [-write-timeout D] [-idle-timeout D] [-shutdown-timeout D]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintf(stderr, "server: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Error("cannot listen", "addr", cfg.addr, "err", err.Error())
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, ln, cfg, log); err != nil {
		return 1
	}
	return 0
}

func (c *config) check() error {
	switch {
	case c.maxBody <= 0:
		return errors.New("-max-body must be positive")
	case c.maxBody > 1<<30:
		return errors.New("-max-body must be at most 1 GiB")
	case c.maxInflight < 1:
		return errors.New("-max-inflight must be at least 1")
	case c.retryAfter <= 0, c.readHeaderTimeout <= 0, c.readTimeout <= 0, c.writeTimeout <= 0, c.idleTimeout <= 0, c.shutdownTimeout <= 0:
		return errors.New("every timeout must be positive")
	}
	return nil
}

// serve answers on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, cfg config, log *slog.Logger) error {
	return serveWith(ctx, ln, newServer(cfg, log), log)
}

func serveWith(ctx context.Context, ln net.Listener, s *server, log *slog.Logger) error {
	cfg := s.cfg
	srv := s.httpServer()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "max_body", cfg.maxBody, "max_inflight", cfg.maxInflight)
	select {
	case err := <-errc:
		log.Error("serving", "err", err.Error())
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown did not finish; closing the connections left", "err", err.Error())
		srv.Close()
		return err
	}
	log.Info("stopped")
	return nil
}

type server struct {
	cfg      config
	log      *slog.Logger
	sem      chan struct{} // one token per post being parsed
	rejected atomic.Int64  // 503s from the concurrency limit
	mux      *http.ServeMux
}

func newServer(cfg config, log *slog.Logger) *server {
	s := &server{cfg: cfg, log: log, sem: make(chan struct{}, cfg.maxInflight), mux: http.NewServeMux()}
	s.mux.HandleFunc("/v1/parse", s.parse)
	s.mux.HandleFunc("/healthz", s.health)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path+" (POST /v1/parse, GET /healthz)")
	})
	return s
}

func (s *server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler(s.mux),
		ReadHeaderTimeout: s.cfg.readHeaderTimeout,
		ReadTimeout:       s.cfg.readTimeout,
		WriteTimeout:      s.cfg.writeTimeout,
		IdleTimeout:       s.cfg.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// statusWriter records what a handler wrote, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handler logs each request, and turns a panic into a JSON 500 whose
// details go to the log only.
func (s *server) handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, "internal error")
				}
			}
			level := slog.LevelInfo
			if sw.status >= 500 && sw.status != http.StatusServiceUnavailable {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", sw.status),
				slog.Int64("in_bytes", r.ContentLength),
				slog.Int64("out_bytes", sw.bytes),
				slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("remote", r.RemoteAddr),
			)
		}()
		h.ServeHTTP(sw, r)
	})
}

func (s *server) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "GET /healthz")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "inflight": len(s.sem), "max_inflight": cap(s.sem),
	})
}

// bodyFormats maps the accepted media types to body formats.
var bodyFormats = map[string]article.BodyFormat{
	"text/markdown":   article.BodyMarkdown,
	"text/x-markdown": article.BodyMarkdown,
	"text/html":       article.BodyHTML,
	"text/plain":      article.BodyAuto,
}

func (s *server) parse(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "POST the post to /v1/parse")
		return
	}
	// Cheap refusals come before the concurrency limit, which only
	// guards the work of reading and parsing.
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	format, ok := bodyFormats[strings.ToLower(mt)]
	if err != nil || !ok {
		writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: want text/markdown, text/html or text/plain", r.Header.Get("Content-Type")))
		return
	}
	opts := []article.Option{article.WithBodyFormat(format), article.WithMaxBytes(s.cfg.maxBody)}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		opts = append(opts, article.WithCharset(cs))
	}
	q := r.URL.Query()
	if base := q.Get("base"); base != "" {
		opts = append(opts, article.WithBaseURL(base))
	}
	if tz := q.Get("tz"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("tz: unknown time zone %q (want an IANA name such as Asia/Shanghai)", tz))
			return
		}
		opts = append(opts, article.WithDefaultLocation(loc))
	}
	if _, err := article.ParseBytes(nil, opts...); err != nil {
		writeError(w, http.StatusBadRequest, queryError(err))
		return
	}
	if r.ContentLength > s.cfg.maxBody {
		tooLarge(w, s.cfg.maxBody)
		return
	}

	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	default:
		s.rejected.Add(1)
		w.Header().Set("Retry-After", strconv.Itoa(int((s.cfg.retryAfter+time.Second-1)/time.Second)))
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("busy: %d posts are being parsed; retry later", cap(s.sem)))
		return
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge(w, s.cfg.maxBody)
			return
		}
		writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	a, err := article.ParseBytes(body, opts...)
	switch {
	case errors.Is(err, article.ErrTooLarge):
		tooLarge(w, s.cfg.maxBody)
		return
	case errors.Is(err, article.ErrOption):
		writeError(w, http.StatusBadRequest, queryError(err))
		return
	case err != nil:
		s.log.Error("parse", "err", err.Error())
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	// The article's own MarshalJSON output is the body: an Encoder would
	// scan it a second time to compact it.
	j, err := a.MarshalJSON()
	if err != nil {
		s.log.Error("marshal", "err", err.Error())
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	writeBody(w, http.StatusOK, append(j, '\n'))
}

// queryError names the query parameter or header behind an option error.
func queryError(err error) string {
	var e *article.Error
	if errors.As(err, &e) {
		switch e.Field {
		case "WithBaseURL":
			return "base: " + strings.TrimPrefix(e.Err.Error(), article.ErrOption.Error()+": ")
		case "WithCharset":
			return "Content-Type charset: " + strings.TrimPrefix(e.Err.Error(), article.ErrOption.Error()+": ")
		}
	}
	return err.Error()
}

func tooLarge(w http.ResponseWriter, max int64) {
	w.Header().Set("Connection", "close") // the rest of the body is not read
	writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", max))
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		code = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":"internal error"}` + "\n")
	}
	writeBody(w, code, b.Bytes())
}

// writeBody writes a JSON response.
func writeBody(w http.ResponseWriter, code int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(body)
}
