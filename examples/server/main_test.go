package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testServer struct {
	url  string
	addr string
	s    *server
	log  *syncBuffer
	stop func() error // graceful shutdown; returns serve's error
}

// startServer serves on a loopback port until the test ends.
func startServer(t *testing.T, cfg config, logTo io.Writer) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ts := &testServer{addr: ln.Addr().String(), url: "http://" + ln.Addr().String(), log: &syncBuffer{}}
	if logTo == nil {
		logTo = ts.log
	}
	log := slog.New(slog.NewJSONHandler(logTo, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// serve makes its own server; build the same one here to reach its counters.
	ts.s = newServer(cfg, log)
	go func() { done <- serveWith(ctx, ln, ts.s, log) }()
	var once sync.Once
	var serr error
	ts.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case serr = <-done:
			case <-time.After(cfg.shutdownTimeout + 5*time.Second):
				serr = errors.New("serve did not return")
			}
		})
		return serr
	}
	t.Cleanup(func() { ts.stop() })
	return ts
}

func testConfig() config {
	cfg := defaultConfig()
	cfg.shutdownTimeout = 5 * time.Second
	return cfg
}

func post(t *testing.T, url, ctype string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

func articleJSON(t *testing.T, a *article.Article) string {
	t.Helper()
	b, err := json.Marshal(a)
	require.NoError(t, err)
	return string(b)
}

func healthy(t *testing.T, ts *testServer) {
	t.Helper()
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(ts.url + "/healthz")
	require.NoError(t, err, "the server is unhealthy")
	defer resp.Body.Close()
	var h struct{ Status string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&h))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok", h.Status)
}

const post1 = "---\ntitle: Hello\ndate: 2021-03-29 00:26:58\n---\n<p>Hi *there*.</p>\n<img src=\"/img/a.png\" width=\"640\" height=\"480\">\n"

func TestParseEndpoint(t *testing.T) {
	ts := startServer(t, testConfig(), nil)
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	for _, c := range []struct {
		name, ctype, query string
		body               []byte
		opts               []article.Option
	}{
		{"plain is auto", "text/plain", "", []byte(post1), nil},
		{"html", "text/html; charset=utf-8", "", []byte(post1), []article.Option{article.WithBodyFormat(article.BodyHTML)}},
		{"markdown", "text/markdown", "", []byte(post1), []article.Option{article.WithBodyFormat(article.BodyMarkdown)}},
		{"base and tz", "text/plain", "?base=https://blog.example.com/2021/post/&tz=Asia/Shanghai", []byte(post1),
			[]article.Option{article.WithBaseURL("https://blog.example.com/2021/post/"), article.WithDefaultLocation(sh)}},
		{"charset", "text/html; charset=GBK", "", []byte("<p>\xd6\xd0\xce\xc4</p>"), []article.Option{article.WithBodyFormat(article.BodyHTML), article.WithCharset("gbk")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := post(t, ts.url+"/v1/parse"+c.query, c.ctype, c.body)
			require.Equal(t, http.StatusOK, code, "%s", body)
			assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
			want, err := article.ParseBytes(c.body, c.opts...)
			require.NoError(t, err)
			assert.JSONEq(t, articleJSON(t, want), string(body))
			j, err := want.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(j)+"\n", string(body), "the body is the article's MarshalJSON, and a newline")
			assert.Equal(t, strconv.Itoa(len(body)), h.Get("Content-Length"))
		})
	}
	_, _, body := post(t, ts.url+"/v1/parse?base=https://blog.example.com/2021/post/&tz=Asia/Shanghai", "text/plain", []byte(post1))
	var a struct {
		Date   string
		Images []struct{ URL string }
		HTML   string
	}
	require.NoError(t, json.Unmarshal(body, &a))
	assert.Equal(t, "2021-03-29T00:26:58+08:00", a.Date, "tz")
	require.Len(t, a.Images, 1)
	assert.Equal(t, "https://blog.example.com/img/a.png", a.Images[0].URL, "base")

	_, _, body = post(t, ts.url+"/v1/parse", "text/html; charset=GBK", []byte("<p>\xd6\xd0\xce\xc4</p>"))
	assert.Contains(t, string(body), `"text":"中文"`, "the charset parameter decodes the body")

	// Every request is logged, as JSON.
	var logged int
	for _, line := range strings.Split(strings.TrimSpace(ts.log.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if rec["msg"] == "request" {
			logged++
			assert.Equal(t, "/v1/parse", rec["path"])
			assert.EqualValues(t, 200, rec["status"])
			assert.Contains(t, rec, "ms")
		}
	}
	assert.Equal(t, 7, logged)
}

func TestErrors(t *testing.T) {
	cfg := testConfig()
	cfg.maxBody = 1000
	ts := startServer(t, cfg, nil)
	get := func(path string) (int, http.Header, []byte) {
		req, err := http.NewRequest(http.MethodGet, ts.url+path, nil)
		require.NoError(t, err)
		return do(t, req)
	}
	for _, c := range []struct {
		name string
		resp func() (int, http.Header, []byte)
		code int
		msg  string
	}{
		{"GET parse", func() (int, http.Header, []byte) { return get("/v1/parse") }, 405, "POST the post"},
		{"POST healthz", func() (int, http.Header, []byte) { return post(t, ts.url+"/healthz", "text/plain", nil) }, 405, "GET /healthz"},
		{"unknown path", func() (int, http.Header, []byte) { return get("/v2/parse") }, 404, "no such endpoint: /v2/parse"},
		{"no type", func() (int, http.Header, []byte) { return post(t, ts.url+"/v1/parse", "", []byte(post1)) }, 415, "want text/markdown, text/html or text/plain"},
		{"pdf", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse", "application/pdf", []byte(post1))
		}, 415, `Content-Type "application/pdf"`},
		{"bad type", func() (int, http.Header, []byte) { return post(t, ts.url+"/v1/parse", "text/", []byte(post1)) }, 415, "Content-Type"},
		{"bad tz", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse?tz=Mars/Olympus", "text/plain", []byte(post1))
		}, 400, `tz: unknown time zone "Mars/Olympus"`},
		{"tz path", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse?tz=../../../etc/passwd", "text/plain", []byte(post1))
		}, 400, "tz: unknown time zone"},
		{"bad base", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse?base=/relative/path", "text/plain", []byte(post1))
		}, 400, `base: base URL "/relative/path" is not an absolute http(s) URL`},
		{"javascript base", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse?base=javascript:alert(1)", "text/plain", []byte(post1))
		}, 400, "base: "},
		{"bad charset", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse", "text/html; charset=klingon", []byte(post1))
		}, 400, `Content-Type charset: unknown encoding "klingon"`},
		{"too large", func() (int, http.Header, []byte) {
			return post(t, ts.url+"/v1/parse", "text/plain", bytes.Repeat([]byte("x"), 1001))
		}, 413, "the body is larger than 1000 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := c.resp()
			assert.Equal(t, c.code, code, "%s", body)
			assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
			var e struct{ Error string }
			require.NoError(t, json.Unmarshal(body, &e), "%s", body)
			assert.Contains(t, e.Error, c.msg)
		})
	}
	healthy(t, ts)
}

func TestBodyLimit(t *testing.T) {
	cfg := testConfig()
	cfg.maxBody = 4096
	ts := startServer(t, cfg, nil)
	fits := []byte("<p>" + strings.Repeat("a", 4096-7) + "</p>")
	require.Len(t, fits, 4096)
	code, _, body := post(t, ts.url+"/v1/parse", "text/html", fits)
	assert.Equal(t, 200, code, "%s", body)

	over := append(fits, 'x')
	code, h, body := post(t, ts.url+"/v1/parse", "text/html", over)
	assert.Equal(t, 413, code, "%s", body)
	assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))

	// No Content-Length: the limit holds while reading a chunked body.
	req, err := http.NewRequest(http.MethodPost, ts.url+"/v1/parse", io.MultiReader(bytes.NewReader(over), strings.NewReader(strings.Repeat("y", 1<<20))))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/html")
	req.ContentLength = -1
	code, _, body = do(t, req)
	assert.Equal(t, 413, code, "%s", body)
	assert.Contains(t, string(body), `"error":"the body is larger than 4096 bytes"`)
	healthy(t, ts)
	assert.Zero(t, ts.s.rejected.Load())
}

func TestInvalidUTF8(t *testing.T) {
	ts := startServer(t, testConfig(), nil)
	for _, c := range []struct {
		in   string
		warn article.WarningCode
	}{
		// Mostly UTF-8 with stray bytes: replaced with U+FFFD.
		{"---\ntitle: \"坏 \xff 字节\"\n---\n<p>中文内容 \xff\xfe 更多中文 \xed\xa0\x80 \xc3\x28</p>", article.WarnInvalidUTF8},
		// Not UTF-8 at all: read as the legacy encoding it looks like.
		{"<p>caf\xe9 cr\xe8me br\xfbl\xe9e</p>", article.WarnCharset},
	} {
		for _, ctype := range []string{"text/plain", "text/html", "text/markdown"} {
			code, _, body := post(t, ts.url+"/v1/parse", ctype, []byte(c.in))
			require.Equal(t, 200, code, "%s", body)
			assert.True(t, utf8.Valid(body), "the response is UTF-8")
			var a article.Article
			require.NoError(t, json.Unmarshal(body, &a))
			var codes []article.WarningCode
			for _, w := range a.Warnings {
				codes = append(codes, w.Code)
			}
			assert.Contains(t, codes, c.warn, "%s %q", ctype, c.in)
			want, err := article.ParseBytes([]byte(c.in), article.WithBodyFormat(bodyFormats[ctype]))
			require.NoError(t, err)
			assert.JSONEq(t, articleJSON(t, want), string(body))
		}
	}
	healthy(t, ts)
}

// TestConcurrencyLimit holds the one slot with a request whose body is
// still coming: the next request gets 503 at once, with Retry-After, and
// /healthz still answers.
func TestConcurrencyLimit(t *testing.T) {
	cfg := testConfig()
	cfg.maxInflight = 1
	cfg.retryAfter = 1500 * time.Millisecond
	ts := startServer(t, cfg, nil)
	conn, err := net.Dial("tcp", ts.addr)
	require.NoError(t, err)
	defer conn.Close()
	body := "<p>slow</p>"
	_, err = fmt.Fprintf(conn, "POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:3])
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(ts.s.sem) == 1 }, 5*time.Second, 5*time.Millisecond)

	start := time.Now()
	code, h, resp := post(t, ts.url+"/v1/parse", "text/html", []byte("<p>b</p>"))
	assert.Less(t, time.Since(start), time.Second, "503 at once, no queue")
	assert.Equal(t, 503, code)
	assert.Equal(t, "2", h.Get("Retry-After"), "rounded up to seconds")
	assert.JSONEq(t, `{"error":"busy: 1 posts are being parsed; retry later"}`, string(resp))
	assert.EqualValues(t, 1, ts.s.rejected.Load())
	healthy(t, ts)

	_, err = io.WriteString(conn, body[3:])
	require.NoError(t, err)
	resp2, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp2.Body.Close()
	assert.Equal(t, 200, resp2.StatusCode)
	assert.Eventually(t, func() bool { return len(ts.s.sem) == 0 }, 5*time.Second, 5*time.Millisecond)
	code, _, _ = post(t, ts.url+"/v1/parse", "text/html", []byte("<p>b</p>"))
	assert.Equal(t, 200, code, "the slot is free again")
}

func TestPanicGivesJSON500(t *testing.T) {
	var logb syncBuffer
	s := newServer(testConfig(), slog.New(slog.NewJSONHandler(&logb, nil)))
	h := s.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Before", "1")
		panic("secret internal state")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/parse", strings.NewReader("x")))
	assert.Equal(t, 500, rec.Code)
	assert.JSONEq(t, `{"error":"internal error"}`, rec.Body.String())
	assert.NotContains(t, rec.Body.String(), "secret")
	assert.NotContains(t, rec.Body.String(), "goroutine")
	assert.Contains(t, logb.String(), "secret internal state", "the log has the panic")
	assert.Contains(t, logb.String(), "main_test.go", "and its stack")
	assert.Contains(t, logb.String(), `"status":500`)
}

// TestSlowloris opens connections that trickle their headers a byte at a
// time: each is cut off after the header timeout, and the server keeps
// answering others meanwhile.
func TestSlowloris(t *testing.T) {
	cfg := testConfig()
	cfg.readHeaderTimeout = 300 * time.Millisecond
	ts := startServer(t, cfg, nil)
	const conns = 32
	var wg sync.WaitGroup
	closedAfter := make([]time.Duration, conns)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", ts.addr)
			if !assert.NoError(t, err) {
				return
			}
			defer c.Close()
			start := time.Now()
			hdr := "POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nX-Padding: " + strings.Repeat("a", 200) + "\r\n"
			for k := 0; k < len(hdr); k++ {
				if _, err := c.Write([]byte{hdr[k]}); err != nil {
					break // cut off
				}
				time.Sleep(20 * time.Millisecond)
				if time.Since(start) > 5*time.Second {
					break
				}
			}
			// net/http answers a header timeout itself, before any handler:
			// a plain-text 400, then it closes the connection.
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			b, err := io.ReadAll(c)
			var ne net.Error
			assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server never closed the connection")
			assert.True(t, len(b) == 0 || bytes.HasPrefix(b, []byte("HTTP/1.1 400 ")), "%q", b)
			closedAfter[i] = time.Since(start)
		}()
	}
	deadline := time.Now().Add(400 * time.Millisecond)
	for time.Now().Before(deadline) {
		healthy(t, ts)
		code, _, _ := post(t, ts.url+"/v1/parse", "text/plain", []byte(post1))
		assert.Equal(t, 200, code)
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	for i, d := range closedAfter {
		assert.Less(t, d, 2*time.Second, "connection %d was kept %v", i, d)
	}
	healthy(t, ts)
}

// TestSlowBody sends the headers at once and then trickles the body: the
// read timeout ends the request, and the slot it held is free again.
func TestSlowBody(t *testing.T) {
	cfg := testConfig()
	cfg.readTimeout = 500 * time.Millisecond
	ts := startServer(t, cfg, nil)
	c, err := net.Dial("tcp", ts.addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = io.WriteString(c, "POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
	require.NoError(t, err)
	start := time.Now()
	for time.Since(start) < 3*time.Second {
		if _, err := c.Write([]byte("a")); err != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
		if len(ts.s.sem) == 0 && time.Since(start) > 700*time.Millisecond {
			break
		}
	}
	assert.Eventually(t, func() bool { return len(ts.s.sem) == 0 }, 3*time.Second, 10*time.Millisecond, "the slot is released")
	assert.Less(t, time.Since(start), 2*time.Second)
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err == nil { // the 400 may or may not get through before the close
		assert.Equal(t, 400, resp.StatusCode)
		resp.Body.Close()
	}
	healthy(t, ts)
}

// TestGracefulShutdown stops the server while a request is in flight: the
// request completes, new connections are refused, and serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	ts := startServer(t, testConfig(), nil)
	c, err := net.Dial("tcp", ts.addr)
	require.NoError(t, err)
	defer c.Close()
	body := "<p>in flight</p>"
	_, err = fmt.Fprintf(c, "POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:4])
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(ts.s.sem) == 1 }, 5*time.Second, 5*time.Millisecond)

	stopped := make(chan error, 1)
	go func() { stopped <- ts.stop() }()
	require.Eventually(t, func() bool {
		c2, err := net.DialTimeout("tcp", ts.addr, 100*time.Millisecond)
		if err == nil {
			c2.Close()
		}
		return err != nil
	}, 5*time.Second, 10*time.Millisecond, "the listener closes")
	select {
	case <-stopped:
		t.Fatal("serve returned with a request in flight")
	case <-time.After(200 * time.Millisecond):
	}
	_, err = io.WriteString(c, body[4:])
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(b), `"text":"in flight"`)
	select {
	case err := <-stopped:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after the last request")
	}
	assert.Contains(t, ts.log.String(), `"msg":"stopped"`)
}

// TestSIGTERM runs the command itself and stops it with a signal.
func TestSIGTERM(t *testing.T) {
	var logb syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"-addr", "127.0.0.1:0"}, &logb) }()
	addrRe := regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)
	var addr string
	require.Eventually(t, func() bool {
		m := addrRe.FindStringSubmatch(logb.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	}, 5*time.Second, 10*time.Millisecond)
	resp, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	select {
	case code := <-done:
		assert.Equal(t, 0, code, logb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not stop the server")
	}
	assert.Contains(t, logb.String(), `"msg":"shutting down"`)
	assert.Contains(t, logb.String(), `"msg":"stopped"`)
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-max-body", "0"}, {"-max-inflight", "0"}, {"-read-timeout", "0s"}, {"extra"}, {"-nosuchflag"},
	} {
		var errb bytes.Buffer
		assert.Equal(t, 2, run(args, &errb), "args %q", args)
	}
	var errb bytes.Buffer
	assert.Equal(t, 1, run([]string{"-addr", "256.0.0.1:1"}, &errb), "cannot listen")
	assert.Contains(t, errb.String(), "cannot listen")
}

// loadPosts returns the posts the load test sends: the corpus, or the
// golden cases when the corpus is absent.
func loadPosts(t *testing.T) (posts [][]byte, from string) {
	dir := os.Getenv("ARTICLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = filepath.Join("..", "..", "testdata")
	}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		posts = append(posts, b)
		return err
	}))
	require.NotEmpty(t, posts)
	return posts, dir
}

// TestLoad posts real posts from 64 concurrent clients for 10 s
// (ARTICLE_LOADTEST_DURATION; 2 s under the race detector). Every answer
// is a 200 with the article, or a 503 from the concurrency limit (the
// server counts those itself); no 5xx, no transport error.
func TestLoad(t *testing.T) {
	duration := 10 * time.Second
	if raceEnabled {
		duration = 2 * time.Second
	}
	if s := os.Getenv("ARTICLE_LOADTEST_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		require.NoError(t, err, "ARTICLE_LOADTEST_DURATION")
		duration = d
	}
	posts, from := loadPosts(t)
	var bytesTotal int
	for _, p := range posts {
		bytesTotal += len(p)
	}
	cfg := testConfig()
	ts := startServer(t, cfg, io.Discard)
	const clients = 64
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}

	var ok, busy, fivexx, other, transport atomic.Int64
	var okBytes atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstProblem atomic.Value
	problem := func(s string) {
		firstProblem.CompareAndSwap(nil, s)
	}
	busy0, own0 := machineBusy(), ownCPU()
	start := time.Now()
	end := start.Add(duration)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := c * 7; time.Now().Before(end); i++ {
				p := posts[i%len(posts)]
				req, err := http.NewRequest(http.MethodPost, ts.url+"/v1/parse", bytes.NewReader(p))
				if err != nil {
					problem(err.Error())
					return
				}
				req.Header.Set("Content-Type", "text/plain; charset=utf-8")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					transport.Add(1)
					problem("transport: " + err.Error())
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				switch {
				case err != nil:
					transport.Add(1)
					problem("reading the response: " + err.Error())
				case resp.StatusCode == 200 && json.Valid(b) && bytes.HasPrefix(b, []byte(`{"title":`)):
					ok.Add(1)
					okBytes.Add(int64(len(p)))
					mine = append(mine, d)
				case resp.StatusCode == 503 && resp.Header.Get("Retry-After") == "1" && bytes.Contains(b, []byte(`"error":"busy: `)):
					busy.Add(1)
					// An impatient client: back off 20 ms, not the 1 s asked,
					// to keep the pressure on.
					time.Sleep(20 * time.Millisecond)
				case resp.StatusCode >= 500:
					fivexx.Add(1)
					problem(fmt.Sprintf("status %d: %.200s", resp.StatusCode, b))
				default:
					other.Add(1)
					problem(fmt.Sprintf("status %d: %.200s", resp.StatusCode, b))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	others := machineBusy() - busy0 - (ownCPU() - own0)
	healthy(t, ts)

	if p := firstProblem.Load(); p != nil {
		t.Errorf("first problem: %s", p)
	}
	assert.Zero(t, fivexx.Load(), "5xx other than the limit's 503")
	assert.Zero(t, other.Load(), "answers other than 200 and 503")
	assert.Zero(t, transport.Load(), "transport errors")
	assert.Equal(t, ts.s.rejected.Load(), busy.Load(), "every 503 comes from the concurrency limit")
	require.NotZero(t, ok.Load())
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	secs := elapsed.Seconds()
	t.Logf("load: %d clients for %v, %d posts from %s (%.1f MB), -max-inflight %d", clients, elapsed.Round(time.Millisecond), len(posts), from, float64(bytesTotal)/1e6, cfg.maxInflight)
	t.Logf("load: 200: %d (%.0f requests/s, %.1f MB/s), 503: %d (%.0f/s), 5xx: %d, other: %d, transport errors: %d",
		ok.Load(), float64(ok.Load())/secs, float64(okBytes.Load())/1e6/secs, busy.Load(), float64(busy.Load())/secs, fivexx.Load(), other.Load(), transport.Load())
	t.Logf("load: latency of the 200s: p50 %v, p90 %v, p99 %v, max %v", pct(0.5), pct(0.9), pct(0.99), lat[len(lat)-1].Round(time.Millisecond))
	if busy0 > 0 {
		t.Logf("load: other processes took %.1f s of CPU meanwhile (of %.0f s on %d cores)", others.Seconds(), elapsed.Seconds()*float64(runtime.NumCPU()), runtime.NumCPU())
	}
}

// machineBusy is the CPU time all processes have used, from /proc/stat
// (0 where there is none).
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		if i < len(f) {
			n, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * 10 * time.Millisecond // USER_HZ is 100
}

// ownCPU is the CPU time of this process: the server and its clients.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
