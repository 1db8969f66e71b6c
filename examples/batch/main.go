// Command batch parses many posts at once, on every core, and writes one
// JSON Lines record per input.
//
//	go run ./examples/batch [flags] PATH...
//	go run ./examples/batch [flags] -stdin jsonl < posts.jsonl
//	go run ./examples/batch -gen N DIR
//
// A PATH is a file, a folder (walked recursively for the files ending in
// -ext, by default .md, .markdown and .html), or "-" for one post on
// standard input. Each record is a JSON object on one line:
//
//	{"path":"posts/a.md","article":{…}}
//	{"path":"posts/b.md","error":"article: posts/b.md: input exceeds the size limit"}
//
// With -format text, markdown or html, a record carries that rendering
// ("text", "markdown" or "html") and the "warnings" instead of the
// article. Records come in input order whatever -workers is; -unordered
// writes each as soon as it is ready.
//
// With -stdin jsonl, standard input holds one JSON object per line,
// {"path": …, "content": …}, and the output has one record per input line,
// in order, each with its "line" number: a mapper for Spark's RDD.pipe or
// Hadoop Streaming. A line that is not such an object gives an error record.
// A JSON string holds only Unicode text, so a post in a legacy encoding
// (GBK, Big5, …) travels as "content_base64" instead of "content".
//
// With -gen N DIR, it writes N posts built from the golden cases in
// testdata/ (-gen-from) into DIR, for measuring.
//
// A bad input never stops the batch. At the end, a summary goes to standard
// error (inputs, failures, warnings, MB/s), and a progress bar goes there
// while it runs when standard error is a terminal. It exits 0 when every
// input was parsed, 1 when any failed or the output could not be written,
// and 2 on bad usage. With -exit-zero, failed inputs leave the status 0.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/articlekit/article"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

type config struct {
	workers   int
	format    string
	unordered bool
	maxBytes  int64
	exts      []string
	opts      []article.Option
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "number of posts parsed at once")
	out := fs.String("o", "", "write the records to `FILE` instead of standard output")
	format := fs.String("format", "json", "what each record carries: json (the article), text, markdown or html")
	unordered := fs.Bool("unordered", false, "write each record when it is ready, not in input order")
	exts := fs.String("ext", ".md,.markdown,.html", "comma-separated `extensions` of the posts in folders")
	stdinMode := fs.String("stdin", "", "read standard input as a stream of posts: `jsonl` ({\"path\":…,\"content\":…} per line)")
	base := fs.String("base", "", "base `URL` for relative image and link URLs")
	tz := fs.String("tz", "", "time `zone` for dates without one, such as Asia/Shanghai (default UTC)")
	maxBytes := fs.Int64("max-bytes", article.DefaultMaxBytes, "largest post, in `bytes`")
	exitZero := fs.Bool("exit-zero", false, "exit 0 even when inputs failed (their records say so): for Spark and Hadoop, which fail a task whose command exits non-zero")
	gen := fs.Int("gen", 0, "write `N` generated posts into the folder DIR, and nothing else")
	genFrom := fs.String("gen-from", "testdata", "`folder` of the golden cases -gen builds posts from")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: batch [flags] PATH...\n       batch [flags] -stdin jsonl\n       batch -gen N DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "batch: "+format+"\n", a...)
		return 2
	}

	if *gen != 0 {
		if *gen < 0 || fs.NArg() != 1 {
			return usage("-gen takes a positive count and one folder: batch -gen N DIR")
		}
		n, err := generate(*genFrom, fs.Arg(0), *gen)
		if err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			if errors.Is(err, errUsage) {
				return 2
			}
			return 1
		}
		fmt.Fprintf(stderr, "batch: wrote %d posts (%.1f MB) into %s\n", *gen, float64(n)/1e6, fs.Arg(0))
		return 0
	}

	cfg := config{workers: *workers, format: *format, unordered: *unordered, maxBytes: *maxBytes}
	if cfg.workers < 1 {
		return usage("-workers must be at least 1")
	}
	switch cfg.format {
	case "json", "text", "markdown", "html":
	default:
		return usage("unknown format %q (want json, text, markdown or html)", cfg.format)
	}
	if cfg.maxBytes <= 0 {
		return usage("-max-bytes must be positive")
	}
	for _, e := range strings.Split(*exts, ",") {
		if e = strings.TrimSpace(e); e != "" {
			cfg.exts = append(cfg.exts, "."+strings.ToLower(strings.TrimPrefix(e, ".")))
		}
	}
	cfg.opts = append(cfg.opts, article.WithMaxBytes(cfg.maxBytes))
	if *base != "" {
		cfg.opts = append(cfg.opts, article.WithBaseURL(*base))
	}
	if *tz != "" {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			return usage("unknown time zone %q", *tz)
		}
		cfg.opts = append(cfg.opts, article.WithDefaultLocation(loc))
	}
	if _, err := article.ParseBytes(nil, cfg.opts...); err != nil {
		return usage("%v", err) // an invalid option, such as -base
	}

	var src source
	switch *stdinMode {
	case "":
		if fs.NArg() == 0 {
			fs.Usage()
			return 2
		}
		inputs, err := listInputs(fs.Args(), cfg.exts)
		if err != nil {
			return usage("%v", err)
		}
		src = fileSource(inputs, stdin)
	case "jsonl":
		if fs.NArg() != 0 {
			return usage("-stdin jsonl reads standard input only; no PATH")
		}
		src = jsonlSource(stdin, jsonlLineLimit(cfg.maxBytes))
	default:
		return usage("unknown -stdin mode %q (want jsonl)", *stdinMode)
	}

	w := stdout
	var file *os.File
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		file, w = f, f
	}
	var bar *progressbar.ProgressBar
	if isTerminal(stderr) {
		bar = newBar(stderr, src.total)
	}
	st, err := process(&cfg, src, w, bar)
	if file != nil {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", *out, cerr)
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	fmt.Fprintln(stderr, st.summary())
	for _, f := range st.firstFailures {
		fmt.Fprintf(stderr, "batch: %s\n", f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "batch: writing the records: %v\n", err)
		return 1
	}
	if st.failed > 0 && !*exitZero {
		return 1
	}
	return 0
}

func newBar(w io.Writer, total int) *progressbar.ProgressBar {
	max := int64(total)
	if total < 0 {
		max = -1 // a spinner: a stream has no known length
	}
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("parsing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
	)
}

// A job is one input: a file to read, a post already read (a stdin line), or
// an input that failed before parsing.
type job struct {
	seq  int
	path string
	line int // 1-based line of a -stdin jsonl record; 0 otherwise

	// Exactly one of these says what to parse.
	file  bool      // read path
	stdin io.Reader // read one post from it
	jsonl []byte    // decode a {"path","content"} line
	err   error     // report this error
}

// A result is one encoded record.
type result struct {
	seq      int
	buf      *bytes.Buffer
	failed   string // the error, when the input failed
	warnings int
	bytes    int64
}

// A source produces the jobs, in input order, until emit returns false.
type source struct {
	total int // the number of inputs, or -1 when unknown
	run   func(emit func(job) bool) error
}

type stats struct {
	files, failed, warnings int
	bytes                   int64
	elapsed                 time.Duration
	firstFailures           []string
}

const maxListedFailures = 5

func (s *stats) summary() string {
	secs := s.elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	return fmt.Sprintf("batch: %d files, %d failed, %d warnings, %.1f MB in %.2fs (%.1f MB/s, %.0f files/s)",
		s.files, s.failed, s.warnings, float64(s.bytes)/1e6, s.elapsed.Seconds(), float64(s.bytes)/1e6/secs, float64(s.files)/secs)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// process runs the jobs of src on cfg.workers goroutines and writes their
// records to out. At most window jobs are between the source and the
// writer at any time, so memory stays bounded in ordered mode too: a
// record that waits for an earlier one sits in a ring of that size.
func process(cfg *config, src source, out io.Writer, bar *progressbar.ProgressBar) (stats, error) {
	start := time.Now()
	window := 8 * cfg.workers
	if window < 16 {
		window = 16
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slots := make(chan struct{}, window)
	jobs := make(chan job, cfg.workers)
	results := make(chan result, window)

	var srcErr error
	go func() {
		defer close(jobs)
		seq := 0
		srcErr = src.run(func(j job) bool {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			j.seq = seq
			seq++
			jobs <- j
			return true
		})
	}()
	var wg sync.WaitGroup
	for range cfg.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := worker{cfg: cfg}
			for j := range jobs {
				results <- w.do(j)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var st stats
	bw := bufio.NewWriterSize(out, 256<<10)
	var werr error
	write := func(r result) {
		if werr == nil {
			if _, err := bw.Write(r.buf.Bytes()); err != nil {
				werr = err
				cancel() // stop reading; drain what is in flight
			}
		}
		bufPool.Put(r.buf)
		st.files++
		st.warnings += r.warnings
		st.bytes += r.bytes
		if r.failed != "" {
			st.failed++
			if len(st.firstFailures) < maxListedFailures {
				st.firstFailures = append(st.firstFailures, r.failed)
			}
		}
		if bar != nil {
			bar.Add(1)
		}
		<-slots
	}
	ring := make([]*result, window)
	next := 0
	for {
		var r result
		var ok bool
		select {
		case r, ok = <-results:
		default:
			// Nothing is ready: hand what is written to the reader now,
			// so that a slow stream is not held back by the buffer.
			if werr == nil {
				if err := bw.Flush(); err != nil {
					werr = err
					cancel()
				}
			}
			r, ok = <-results
		}
		if !ok {
			break
		}
		if cfg.unordered {
			write(r)
			continue
		}
		ring[r.seq%window] = &r
		for ring[next%window] != nil {
			p := ring[next%window]
			ring[next%window] = nil
			write(*p)
			next++
		}
	}
	if werr == nil {
		werr = bw.Flush()
	}
	st.elapsed = time.Since(start)
	if werr == nil && srcErr != nil {
		// The stream itself could not be read: say so, after what was read.
		st.failed++
		st.firstFailures = append(st.firstFailures, srcErr.Error())
	}
	return st, werr
}

// worker parses jobs, reusing its read buffer.
type worker struct {
	cfg *config
	buf []byte
}

func (w *worker) do(j job) result {
	r := result{seq: j.seq, buf: bufPool.Get().(*bytes.Buffer)}
	r.buf.Reset()
	a, n, err := w.parse(&j) // sets j.path for a -stdin jsonl line
	r.bytes = n
	path := j.path
	rec := record{Path: path, Line: j.line}
	if err != nil {
		rec.Error = err.Error()
		r.failed = rec.Error
	} else {
		r.warnings = len(a.Warnings)
		switch w.cfg.format {
		case "json":
			rec.Article = a
		case "text":
			s := a.Text()
			rec.Text = &s
		case "markdown":
			s := a.Markdown()
			rec.Markdown = &s
		case "html":
			s := a.HTML()
			rec.HTML = &s
		}
		if w.cfg.format != "json" {
			rec.Warnings = a.Warnings
		}
	}
	if err := rec.encode(r.buf); err != nil {
		// Should not happen: the schema always marshals. Keep the record.
		r.buf.Reset()
		rec = record{Path: path, Line: j.line, Error: "encoding the record: " + err.Error()}
		rec.encode(r.buf)
		r.failed = rec.Error
	}
	return r
}

// parse returns the article of a job and the size of its input.
func (w *worker) parse(j *job) (*article.Article, int64, error) {
	switch {
	case j.err != nil:
		return nil, 0, j.err
	case j.stdin != nil:
		c := &countingReader{r: j.stdin}
		a, err := article.Parse(c, w.cfg.opts...)
		return a, c.n, withPath(err, "-")
	case j.jsonl != nil:
		content, err := decodeLine(j)
		if err != nil {
			return nil, 0, err
		}
		a, err := article.ParseBytes(content, w.options(j.path)...)
		if err != nil {
			return nil, int64(len(content)), fmt.Errorf("stdin line %d: %w", j.line, withPath(err, j.path))
		}
		return a, int64(len(content)), nil
	}
	b, err := w.readFile(j.path)
	if err != nil {
		return nil, int64(len(b)), err
	}
	a, err := article.ParseBytes(b, w.options(j.path)...)
	return a, int64(len(b)), withPath(err, j.path)
}

// options adds the body format that the path's extension names, as
// ParseFile does.
func (w *worker) options(path string) []article.Option {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		return append([]article.Option{article.WithBodyFormat(article.BodyHTML)}, w.cfg.opts...)
	}
	return w.cfg.opts
}

// readFile reads a post into the worker's buffer, which ParseBytes does not
// keep. A file over the limit is refused before it is read.
func (w *worker) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &article.Error{Path: path, Err: unwrapPathError(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &article.Error{Path: path, Err: unwrapPathError(err)}
	}
	if st.IsDir() {
		return nil, &article.Error{Path: path, Err: errors.New("is a folder")}
	}
	if st.Size() > w.cfg.maxBytes {
		return nil, &article.Error{Path: path, Err: article.ErrTooLarge}
	}
	need := int(st.Size()) + 1 // one more, to see EOF (or growth) in one read
	if cap(w.buf) < need || cap(w.buf) > 4<<20 && need < 64<<10 {
		w.buf = make([]byte, 0, max(need, 64<<10))
	}
	b := w.buf[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > w.cfg.maxBytes {
			return nil, &article.Error{Path: path, Err: article.ErrTooLarge}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &article.Error{Path: path, Err: unwrapPathError(err)}
		}
	}
	w.buf = b[:0]
	return b, nil
}

// unwrapPathError drops the *fs.PathError around err, whose path the
// article.Error names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return errors.New(pe.Op + ": " + pe.Err.Error())
	}
	return err
}

// withPath sets the path of an *article.Error from ParseBytes.
func withPath(err error, path string) error {
	var e *article.Error
	if errors.As(err, &e) && e.Path == "" {
		e.Path = path
	}
	return err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// record is one line of output.
type record struct {
	Path     string
	Line     int
	Error    string
	Article  *article.Article
	Text     *string
	Markdown *string
	HTML     *string
	Warnings []article.Warning
}

// encode writes the record as one line of JSON. The article goes in as its
// own MarshalJSON output, without a second pass over it.
func (r *record) encode(b *bytes.Buffer) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	field := func(name string, v any) error {
		b.WriteString(`,"` + name + `":`)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the Encoder's newline
		return nil
	}
	b.WriteString(`{"path":`)
	if err := enc.Encode(r.Path); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1)
	if r.Line > 0 {
		fmt.Fprintf(b, `,"line":%d`, r.Line)
	}
	var err error
	switch {
	case r.Error != "":
		err = field("error", r.Error)
	case r.Article != nil:
		var j []byte
		if j, err = r.Article.MarshalJSON(); err == nil {
			b.WriteString(`,"article":`)
			b.Write(j)
		}
	case r.Text != nil:
		err = field("text", *r.Text)
	case r.Markdown != nil:
		err = field("markdown", *r.Markdown)
	case r.HTML != nil:
		err = field("html", *r.HTML)
	}
	if err == nil && r.Error == "" && r.Article == nil {
		w := r.Warnings
		if w == nil {
			w = []article.Warning{}
		}
		err = field("warnings", w)
	}
	b.WriteString("}\n")
	return err
}

// listInputs expands the PATH arguments, in order: a folder gives its
// posts in lexical order, a file or "-" itself. A path that does not exist
// is kept, so that it gives an error record.
func listInputs(args []string, exts []string) ([]job, error) {
	var inputs []job
	stdin := false
	for _, arg := range args {
		if arg == "-" {
			if stdin {
				return nil, errors.New(`"-" (standard input) can be given only once`)
			}
			stdin = true
			inputs = append(inputs, job{path: "-"})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			inputs = append(inputs, job{path: arg, file: true})
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable folder is one failed input; the walk goes on.
				inputs = append(inputs, job{path: p, err: &article.Error{Path: p, Err: unwrapPathError(err)}})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && hasExt(p, exts) {
				inputs = append(inputs, job{path: p, file: true})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return inputs, nil
}

func hasExt(p string, exts []string) bool {
	e := strings.ToLower(filepath.Ext(p))
	for _, x := range exts {
		if e == x {
			return true
		}
	}
	return false
}

func fileSource(inputs []job, stdin io.Reader) source {
	return source{total: len(inputs), run: func(emit func(job) bool) error {
		for _, j := range inputs {
			if j.path == "-" && !j.file && j.err == nil {
				j.stdin = stdin
			}
			if !emit(j) {
				return nil
			}
		}
		return nil
	}}
}

// jsonlLineLimit is the longest -stdin jsonl line read: JSON escapes make
// a post's content up to six times longer (\u00XX for a control byte).
func jsonlLineLimit(maxBytes int64) int64 {
	return 6*maxBytes + 64<<10
}

// jsonlSource reads one job per line of r. Lines are read whole, however
// long, up to limit; a longer line gives an error record and is skipped.
func jsonlSource(r io.Reader, limit int64) source {
	return source{total: -1, run: func(emit func(job) bool) error {
		br := bufio.NewReaderSize(r, 1<<20)
		for n := 1; ; n++ {
			line, tooLong, err := readLine(br, limit)
			if err == io.EOF && line == nil && !tooLong {
				return nil
			}
			if err != nil && err != io.EOF {
				return fmt.Errorf("stdin line %d: %w", n, err)
			}
			j := job{line: n, path: "", jsonl: line}
			if tooLong {
				j.jsonl = nil
				j.err = fmt.Errorf("stdin line %d: longer than %d bytes (the -max-bytes limit, JSON-escaped)", n, limit)
			}
			if !emit(j) {
				return nil
			}
			if err == io.EOF {
				return nil
			}
		}
	}}
}

// readLine returns the next line of br without its line ending, as a new
// slice (never nil), or tooLong when it is longer than limit, in which
// case the rest of it is read and dropped. At the end of the input it
// returns io.EOF, with the last line if it had no newline.
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(frag)) > limit+2 { // +2: the line ending
				tooLong, buf = true, nil
			} else {
				buf = append(buf, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) == 0 && !tooLong {
			return nil, false, io.EOF
		}
		if tooLong {
			return nil, true, err
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if int64(len(buf)) > limit {
			return nil, true, err
		}
		if buf == nil {
			buf = []byte{}
		}
		return buf, false, err
	}
}

// decodeLine decodes a -stdin jsonl line into its path and content.
func decodeLine(j *job) ([]byte, error) {
	var in struct {
		Path    string  `json:"path"`
		Content *string `json:"content"`
		Base64  *string `json:"content_base64"`
	}
	if len(bytes.TrimSpace(j.jsonl)) == 0 {
		return nil, fmt.Errorf("stdin line %d: empty line; want a JSON object {\"path\": …, \"content\": …}", j.line)
	}
	if err := json.Unmarshal(j.jsonl, &in); err != nil {
		return nil, fmt.Errorf("stdin line %d: not a JSON object {\"path\": …, \"content\": …}: %v", j.line, err)
	}
	j.path = in.Path
	switch {
	case in.Content != nil && in.Base64 != nil:
		return nil, fmt.Errorf("stdin line %d: both \"content\" and \"content_base64\"; give one", j.line)
	case in.Base64 != nil:
		b, err := base64.StdEncoding.DecodeString(*in.Base64)
		if err != nil {
			return nil, fmt.Errorf("stdin line %d: \"content_base64\": %v", j.line, err)
		}
		return b, nil
	case in.Content == nil:
		return nil, fmt.Errorf("stdin line %d: no \"content\" string", j.line)
	}
	return []byte(*in.Content), nil
}
