package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goldenDir = "../../testdata"

func runBatch(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code = run(args, stdin, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

// outRecord is a record as read back.
type outRecord struct {
	Path     string            `json:"path"`
	Line     int               `json:"line"`
	Error    string            `json:"error"`
	Article  json.RawMessage   `json:"article"`
	Text     *string           `json:"text"`
	Markdown *string           `json:"markdown"`
	HTML     *string           `json:"html"`
	Warnings []article.Warning `json:"warnings"`
}

func decodeRecords(t *testing.T, out string) []outRecord {
	t.Helper()
	var recs []outRecord
	for i, line := range strings.SplitAfter(out, "\n") {
		if line == "" {
			continue
		}
		require.True(t, strings.HasSuffix(line, "\n"), "record %d does not end the line", i)
		var r outRecord
		require.NoError(t, json.Unmarshal([]byte(line), &r), "record %d: %.200s", i, line)
		recs = append(recs, r)
	}
	return recs
}

func articleJSON(t *testing.T, a *article.Article) string {
	t.Helper()
	b, err := a.MarshalJSON()
	require.NoError(t, err)
	return string(b)
}

func TestFoldersFilesAndFailures(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"posts/b.md":         "---\ntitle: B\n---\n<p>b</p>\n",
		"posts/a.markdown":   "---\ntitle: A\n---\n# Heading\n\nText *here*.\n",
		"posts/sub/c.html":   "<p>c *not emphasis*</p>",
		"posts/notes.txt":    "not a post",
		"posts/big.md":       "---\ntitle: Big\n---\n<p>" + strings.Repeat("x", 3000) + "</p>\n",
		"posts/date.md":      "---\ntitle: D\ndate: Invalid Date\n---\n<p>d</p>\n",
		"single.txt":         "<p>named explicitly, so read whatever its extension</p>",
		"posts/.hidden/e.md": "<p>e</p>",
	})
	missing := filepath.Join(dir, "missing.md")
	code, out, errs := runBatch(t, strings.NewReader("<p>from stdin</p>"),
		"-max-bytes", "2000", filepath.Join(dir, "single.txt"), filepath.Join(dir, "posts"), missing, "-")
	assert.Equal(t, 1, code, "a failed input makes the exit status 1")
	recs := decodeRecords(t, out)
	var paths []string
	for _, r := range recs {
		paths = append(paths, r.Path)
	}
	p := func(s string) string { return filepath.Join(dir, s) }
	assert.Equal(t, []string{
		p("single.txt"), p("posts/.hidden/e.md"), p("posts/a.markdown"), p("posts/b.md"), p("posts/big.md"),
		p("posts/date.md"), p("posts/sub/c.html"), missing, "-",
	}, paths, "input order: arguments in turn, folders in lexical order, .txt only when named")

	for _, r := range recs {
		switch r.Path {
		case p("posts/big.md"):
			assert.Equal(t, "article: "+r.Path+": input exceeds the size limit", r.Error)
			assert.Nil(t, r.Article)
		case missing:
			assert.Contains(t, r.Error, missing)
			assert.Contains(t, r.Error, "no such file")
		default:
			require.Empty(t, r.Error, r.Path)
			var want *article.Article
			var err error
			if r.Path == "-" {
				want, err = article.ParseBytes([]byte("<p>from stdin</p>"))
			} else {
				want, err = article.ParseFile(r.Path)
			}
			require.NoError(t, err)
			assert.JSONEq(t, articleJSON(t, want), string(r.Article), r.Path)
		}
	}
	var c struct{ HTML string }
	require.NoError(t, json.Unmarshal(recs[6].Article, &c))
	assert.Equal(t, "<p>c *not emphasis*</p>", c.HTML, ".html is read as HTML, as ParseFile does")
	assert.Contains(t, errs, "batch: 9 files, 2 failed, 1 warnings, ")
	assert.Contains(t, errs, "MB/s")
	assert.Contains(t, errs, "batch: article: "+p("posts/big.md")+": input exceeds the size limit\n", "the failures are named")
	assert.NotContains(t, errs, "\r", "no progress bar when standard error is not a terminal")
}

// genPosts writes n generated posts into a new folder.
func genPosts(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "posts")
	_, err := generate(goldenDir, dir, n)
	require.NoError(t, err)
	return dir
}

func TestOrderStableWhateverTheWorkers(t *testing.T) {
	dir := genPosts(t, 300)
	_, want, _ := runBatch(t, nil, "-workers", "1", dir)
	recs := decodeRecords(t, want)
	require.Len(t, recs, 300)
	for i, r := range recs {
		assert.Equal(t, filepath.Join(dir, fmt.Sprintf("%03d/post-%06d.md", i/1000, i)), r.Path)
	}
	for _, w := range []string{"2", "3", "8", "64"} {
		code, got, errs := runBatch(t, nil, "-workers", w, dir)
		require.Equal(t, 0, code, errs)
		assert.True(t, want == got, "-workers %s changes the output", w)
	}
	code, got, errs := runBatch(t, nil, "-workers", "4", "-unordered", dir)
	require.Equal(t, 0, code, errs)
	sortLines := func(s string) []string {
		l := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		sort.Strings(l)
		return l
	}
	assert.Equal(t, sortLines(want), sortLines(got), "-unordered writes the same records")
}

func TestFormats(t *testing.T) {
	dir := genPosts(t, 30)
	for _, f := range []string{"text", "markdown", "html"} {
		code, out, errs := runBatch(t, nil, "-format", f, "-tz", "Asia/Shanghai", dir)
		require.Equal(t, 0, code, errs)
		recs := decodeRecords(t, out)
		require.Len(t, recs, 30)
		for _, r := range recs {
			a, err := article.ParseFile(r.Path, article.WithDefaultLocation(mustZone(t, "Asia/Shanghai")))
			require.NoError(t, err)
			assert.Nil(t, r.Article)
			want := map[string]string{"text": a.Text(), "markdown": a.Markdown(), "html": a.HTML()}[f]
			got := map[string]*string{"text": r.Text, "markdown": r.Markdown, "html": r.HTML}[f]
			require.NotNil(t, got, "%s: no %q field", r.Path, f)
			assert.Equal(t, want, *got)
			assert.Equal(t, len(a.Warnings), len(r.Warnings))
		}
	}
	// -tz reaches Parse: a zoneless date is read in that zone.
	_, out, _ := runBatch(t, nil, "-tz", "Asia/Shanghai", filepath.Join(dir, "000", "post-000000.md"))
	var a struct{ Date string }
	require.NoError(t, json.Unmarshal(decodeRecords(t, out)[0].Article, &a))
	assert.Equal(t, "2021-01-01T08:00:00+08:00", a.Date)
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func TestOutputFile(t *testing.T) {
	dir := genPosts(t, 10)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, stdout, errs := runBatch(t, nil, "-o", out, dir)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, stdout)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Len(t, decodeRecords(t, string(b)), 10)

	code, _, errs = runBatch(t, nil, "-o", filepath.Join(dir, "no", "such", "folder", "x"), dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no such file")
}

func TestUsage(t *testing.T) {
	dir := genPosts(t, 2)
	for _, args := range [][]string{
		{},
		{"-workers", "0", dir},
		{"-format", "yaml", dir},
		{"-tz", "Nowhere/Nothing", dir},
		{"-base", "not a url", dir},
		{"-stdin", "csv"},
		{"-stdin", "jsonl", dir},
		{"-", "-"},
		{"-max-bytes", "0", dir},
		{"-gen", "5"},
		{"-gen", "5", dir}, // not empty
		{"-gen", "5", "-gen-from", t.TempDir(), filepath.Join(t.TempDir(), "x")},
		{"-nosuchflag"},
	} {
		code, out, _ := runBatch(t, nil, args...)
		assert.Equal(t, 2, code, "args %q", args)
		assert.Empty(t, out, "args %q", args)
	}
}

type failingWriter struct{ n atomic.Int64 }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n.Add(1)
	return 0, errors.New("broken pipe")
}

func TestWriteErrorStops(t *testing.T) {
	dir := genPosts(t, 200)
	var errb bytes.Buffer
	done := make(chan int)
	go func() { done <- run([]string{dir}, strings.NewReader(""), &failingWriter{}, &errb) }()
	select {
	case code := <-done:
		assert.Equal(t, 1, code)
		assert.Contains(t, errb.String(), "batch: writing the records: broken pipe")
	case <-time.After(30 * time.Second):
		t.Fatal("batch hangs when its output fails")
	}
}

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	dir := genPosts(t, 40)
	saved := isTerminal
	defer func() { isTerminal = saved }()
	isTerminal = func(io.Writer) bool { return true }
	code, _, errs := runBatch(t, nil, dir)
	require.Equal(t, 0, code)
	assert.Contains(t, errs, "\r", "the bar redraws its line")
	assert.Contains(t, errs, "(40/40", "files done out of the total")
	assert.Contains(t, errs, "files/s", "the rate")
	assert.Contains(t, errs, "batch: 40 files, 0 failed")

	code, _, errs = runBatch(t, strings.NewReader(jsonlLine(t, "a.md", "<p>a</p>")), "-stdin", "jsonl")
	require.Equal(t, 0, code)
	assert.Contains(t, errs, "\r", "a spinner for a stream of unknown length")
}

func TestGenerate(t *testing.T) {
	a, b := genPosts(t, 120), genPosts(t, 120)
	var files int
	var sizes []int
	require.NoError(t, filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(a, p)
		x, err := os.ReadFile(p)
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, rel))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(x, y), "%s differs between two runs", rel)
		sizes = append(sizes, len(x))
		art, err := article.ParseBytes(x)
		require.NoError(t, err)
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(rel), "post-"), ".md"))
		require.NoError(t, err)
		if n%25 != 24 { // recombined; the others are golden cases as they are
			assert.True(t, strings.HasPrefix(art.Title, fmt.Sprintf("Post %d: ", n)), "%s: title %q", rel, art.Title)
			assert.NotEmpty(t, art.Blocks, rel)
			assert.Contains(t, string(x), fmt.Sprintf("Generated post %d of 120, from ", n))
		}
		return nil
	}))
	assert.Equal(t, 120, files)
	sort.Ints(sizes)
	assert.Greater(t, sizes[len(sizes)/2], 1500, "the median post is not tiny")
	assert.Less(t, sizes[len(sizes)/2], 20000)
}

func jsonlLine(t *testing.T, path, content string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"path": path, "content": content})
	require.NoError(t, err)
	return string(b) + "\n"
}

// jsonlPost is a -stdin jsonl line for a post: "content" when it is UTF-8,
// else "content_base64".
func jsonlPost(t *testing.T, path string, post []byte) string {
	t.Helper()
	if utf8.Valid(post) {
		return jsonlLine(t, path, string(post))
	}
	b, err := json.Marshal(map[string]string{"path": path, "content_base64": base64.StdEncoding.EncodeToString(post)})
	require.NoError(t, err)
	return string(b) + "\n"
}

// TestStdinJSONL streams 10,000 generated records (2,000 under the race
// detector) through a pipe, with malformed lines among them, while the
// reader of the output lags: the input is not read far ahead of the
// output, and every line gets its record, in order.
func TestStdinJSONL(t *testing.T) {
	dir := genPosts(t, 250)
	var posts [][]byte
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := os.ReadFile(p)
			posts = append(posts, b)
			return err
		}
		return err
	}))
	n := 10000
	if raceEnabled {
		n = 2000
	}
	crlf := n / 2
	bad := map[int]string{ // line → what its error says
		17:    "not a JSON object",
		500:   "empty line",
		1234:  "no \"content\" string",
		n - 3: "not a JSON object",
	}
	line := func(i int) string {
		switch i {
		case 17:
			return `{"path": "broken.md", "content": "unterminated` + "\n"
		case 500:
			return "\n"
		case 1234:
			return `{"path": "nocontent.md"}` + "\n"
		case n - 3:
			return "[1, 2, 3]\r\n"
		case crlf:
			return strings.TrimSuffix(jsonlLine(t, "crlf.html", "<p>CRLF *line* end</p>"), "\n") + "\r\n"
		}
		return jsonlPost(t, fmt.Sprintf("gen/%05d.md", i), posts[i%len(posts)])
	}

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var written atomic.Int64 // input lines the batch has taken
	go func() {
		for i := 1; i <= n; i++ {
			if _, err := io.WriteString(inW, line(i)); err != nil {
				return
			}
			written.Add(1)
		}
		inW.Close()
	}()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"-stdin", "jsonl", "-workers", "2"}, inR, outW, &errb)
		outW.Close()
	}()

	br := bufio.NewReaderSize(outR, 64<<10)
	maxAhead := int64(0)
	for i := 1; i <= n; i++ {
		b, err := br.ReadBytes('\n')
		require.NoError(t, err, "record %d", i)
		if i%50 == 0 {
			time.Sleep(time.Millisecond) // a slow reader
		}
		if ahead := written.Load() - int64(i); ahead > maxAhead {
			maxAhead = ahead
		}
		var r outRecord
		require.NoError(t, json.Unmarshal(b, &r))
		require.Equal(t, i, r.Line, "records come in input order")
		if want, ok := bad[i]; ok {
			assert.Contains(t, r.Error, fmt.Sprintf("stdin line %d: %s", i, want))
			continue
		}
		require.Empty(t, r.Error, "line %d", i)
		if i == crlf {
			assert.Equal(t, "crlf.html", r.Path)
			assert.Contains(t, string(r.Article), `"html":"<p>CRLF *line* end</p>"`, ".html paths are read as HTML")
			continue
		}
		assert.Equal(t, fmt.Sprintf("gen/%05d.md", i), r.Path)
		if i%97 == 0 {
			a, err := article.ParseBytes(posts[i%len(posts)])
			require.NoError(t, err)
			assert.JSONEq(t, articleJSON(t, a), string(r.Article), "line %d", i)
		}
	}
	_, err := br.ReadByte()
	assert.Equal(t, io.EOF, err, "one record per line, no more")
	assert.Equal(t, 1, <-done, "the malformed lines make the exit status 1")
	assert.Contains(t, errb.String(), fmt.Sprintf("batch: %d files, 4 failed, ", n))
	t.Logf("stdin jsonl: %d records; the input was read at most %d lines ahead of the output", n, maxAhead)
	assert.Less(t, maxAhead, int64(2000), "the input is streamed, not read whole")
}

func TestStdinJSONLLongLines(t *testing.T) {
	big := "<p>" + strings.Repeat("长文本 ", 300000) + "</p>" // 3 MB, longer than the 1 MiB read buffer
	in := jsonlLine(t, "big.md", big) + jsonlLine(t, "small.md", "<p>small</p>")
	code, out, errs := runBatch(t, strings.NewReader(in), "-stdin", "jsonl")
	require.Equal(t, 0, code, errs)
	recs := decodeRecords(t, out)
	require.Len(t, recs, 2)
	a, err := article.ParseBytes([]byte(big))
	require.NoError(t, err)
	assert.JSONEq(t, articleJSON(t, a), string(recs[0].Article))
	assert.Equal(t, "small.md", recs[1].Path)

	// Past the limit: that line fails, the next is still read. The last
	// line has no newline.
	huge := jsonlLine(t, "huge.md", strings.Repeat("x", 200000))
	over := jsonlLine(t, "over.md", strings.Repeat("y", 1500)) // fits the line, not -max-bytes
	in = huge + over + strings.TrimSuffix(jsonlLine(t, "last.md", "<p>last</p>"), "\n")
	code, out, _ = runBatch(t, strings.NewReader(in), "-stdin", "jsonl", "-max-bytes", "1000")
	assert.Equal(t, 1, code)
	recs = decodeRecords(t, out)
	require.Len(t, recs, 3)
	assert.Equal(t, 1, recs[0].Line)
	assert.Contains(t, recs[0].Error, "stdin line 1: longer than")
	assert.Equal(t, "over.md", recs[1].Path)
	assert.Equal(t, "stdin line 2: article: over.md: input exceeds the size limit", recs[1].Error)
	assert.Equal(t, "last.md", recs[2].Path)
	assert.Empty(t, recs[2].Error)

	code, out2, errs := runBatch(t, strings.NewReader(in), "-stdin", "jsonl", "-max-bytes", "1000", "-exit-zero")
	assert.Equal(t, 0, code, "-exit-zero: the records carry the failures")
	assert.Equal(t, out, out2)
	assert.Contains(t, errs, "batch: 3 files, 2 failed, ")
}

func TestReadLine(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("a\r\n\n"+strings.Repeat("z", 40)+"\nbb\ncc"), 16)
	var got []string
	for {
		l, long, err := readLine(br, 30)
		if long {
			got = append(got, "<long>")
		} else if l != nil {
			got = append(got, string(l))
		}
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"a", "", "<long>", "bb", "cc"}, got)
}

// TestCorpus runs the batch over the real corpus (without its 25 MB of
// web pages under the race detector): every post gives the article
// ParseFile gives, in order.
func TestCorpus(t *testing.T) {
	dir := os.Getenv("ARTICLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (set ARTICLE_CORPUS)", dir)
	}
	args := []string{dir}
	if raceEnabled {
		args = []string{filepath.Join(dir, "rsshub"), filepath.Join(dir, "rsshub2"), filepath.Join(dir, "webposts")}
	}
	want := 0
	for _, a := range args {
		require.NoError(t, filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				want++
			}
			return err
		}))
	}
	if !raceEnabled {
		require.Equal(t, 402, want)
	}
	code, out, errs := runBatch(t, nil, append([]string{"-workers", "2"}, args...)...)
	require.Equal(t, 0, code, errs)
	recs := decodeRecords(t, out)
	require.Equal(t, want, len(recs))
	for _, r := range recs {
		a, err := article.ParseFile(r.Path)
		require.NoError(t, err)
		assert.JSONEq(t, articleJSON(t, a), string(r.Article), r.Path)
	}
	t.Log(strings.TrimSpace(errs))
}

func TestStdinJSONLBase64(t *testing.T) {
	gbk, err := os.ReadFile(filepath.Join(goldenDir, "charset-gbk-declared.md"))
	require.NoError(t, err)
	require.False(t, utf8.Valid(gbk))
	in := jsonlPost(t, "gbk.md", gbk) +
		`{"path": "both.md", "content": "x", "content_base64": "eA=="}` + "\n" +
		`{"path": "bad.md", "content_base64": "not base64!"}` + "\n"
	code, out, _ := runBatch(t, strings.NewReader(in), "-stdin", "jsonl")
	assert.Equal(t, 1, code)
	recs := decodeRecords(t, out)
	require.Len(t, recs, 3)
	a, err := article.ParseBytes(gbk)
	require.NoError(t, err)
	require.Equal(t, "GBK 编码的文章", a.Title)
	assert.JSONEq(t, articleJSON(t, a), string(recs[0].Article), "the bytes arrive as they were")
	assert.Equal(t, `stdin line 2: both "content" and "content_base64"; give one`, recs[1].Error)
	assert.Contains(t, recs[2].Error, `stdin line 3: "content_base64": illegal base64 data`)
}
