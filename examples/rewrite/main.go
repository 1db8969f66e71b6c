// Command rewrite writes every post of a folder back, clean: front matter
// plus a body, into another folder with the same tree.
//
//	go run ./examples/rewrite [-body html|markdown] [-dedupe none|exact|near] [-tz ZONE] [-force] SRC_DIR DST_DIR
//
// Posts are the files ending in .md, .markdown, .html and .htm; other files
// (images, data) are copied as they are.
//
// The front matter keeps every original key, in the original order, and is
// written as YAML. It normalises four things: the date (and the updated
// date) to RFC 3339, the cover (headimg, cover, image, thumbnail, …) to its
// unwrapped URL, and categories and tags written as one string ("a, b") to
// lists; lists stay as they are, so Hexo's nested category lists keep
// their meaning. A title that only the HTML page held is added.
//
// The body is the article's clean HTML (Article.HTML), or, with -body
// markdown, its Markdown (Article.Markdown); a .html post then becomes .md.
//
// It never writes into SRC_DIR (nor SRC_DIR into DST_DIR), and it never
// overwrites a file unless -force is given: when any output exists, it
// writes nothing. Rewriting its own output gives the same articles again.
//
// It exits 0 when every post was rewritten, 1 when some could not be (each
// is named on standard error; the others are written), and 2 on bad usage.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/articlekit/article"
	"go.yaml.in/yaml/v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	markdown bool
	force    bool
	parse    []article.Option
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rewrite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	body := fs.String("body", "html", "body `format`: html or markdown")
	dedupe := fs.String("dedupe", "none", "remove repeated paragraphs: none, exact or near")
	tz := fs.String("tz", "", "time `zone` for dates without one, such as Asia/Shanghai (default UTC)")
	force := fs.Bool("force", false, "overwrite files that exist in DST_DIR")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rewrite [-body html|markdown] [-dedupe none|exact|near] [-tz ZONE] [-force] SRC_DIR DST_DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	opt := options{force: *force}
	switch *body {
	case "html":
	case "markdown", "md":
		opt.markdown = true
	default:
		fmt.Fprintf(stderr, "rewrite: unknown body format %q (want html or markdown)\n", *body)
		return 2
	}
	switch *dedupe {
	case "none":
	case "exact":
		opt.parse = append(opt.parse, article.WithDedupe(article.DedupeExact))
	case "near":
		opt.parse = append(opt.parse, article.WithDedupe(article.DedupeNear))
	default:
		fmt.Fprintf(stderr, "rewrite: unknown dedupe mode %q (want none, exact or near)\n", *dedupe)
		return 2
	}
	if *tz != "" {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			fmt.Fprintf(stderr, "rewrite: unknown time zone %q\n", *tz)
			return 2
		}
		opt.parse = append(opt.parse, article.WithDefaultLocation(loc))
	}
	src, dst, err := checkDirs(fs.Arg(0), fs.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "rewrite: %v\n", err)
		return 2
	}
	jobs, err := plan(src, dst, opt)
	if err != nil {
		fmt.Fprintf(stderr, "rewrite: %v\n", err)
		return 1
	}
	if !opt.force {
		if exist := existing(jobs); len(exist) > 0 {
			fmt.Fprintf(stderr, "rewrite: %d files exist in %s (first: %s); nothing written; use -force to overwrite\n", len(exist), dst, exist[0])
			return 1
		}
	}
	var posts, copied, failed int
	for _, j := range jobs {
		if err := j.do(opt); err != nil {
			fmt.Fprintf(stderr, "rewrite: %s: %v\n", j.src, err)
			failed++
			continue
		}
		if j.post {
			posts++
		} else {
			copied++
		}
	}
	fmt.Fprintf(stdout, "rewrote %d posts and copied %d other files into %s\n", posts, copied, dst)
	if failed > 0 {
		fmt.Fprintf(stderr, "rewrite: %d files failed\n", failed)
		return 1
	}
	return 0
}

// checkDirs resolves the two folders and refuses a destination that is
// the source, inside it, or around it.
func checkDirs(srcArg, dstArg string) (src, dst string, err error) {
	src, err = filepath.Abs(srcArg)
	if err == nil {
		src, err = filepath.EvalSymlinks(src)
	}
	if err != nil {
		return "", "", fmt.Errorf("SRC_DIR: %w", err)
	}
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return "", "", fmt.Errorf("SRC_DIR %s is not a folder", srcArg)
	}
	dst, err = filepath.Abs(dstArg)
	if err != nil {
		return "", "", fmt.Errorf("DST_DIR: %w", err)
	}
	dst = resolveExisting(dst)
	if within(dst, src) || within(src, dst) {
		return "", "", fmt.Errorf("DST_DIR %s and SRC_DIR %s overlap; the output must go to a separate folder", dstArg, srcArg)
	}
	return src, dst, nil
}

// resolveExisting resolves the symbolic links of the longest part of p that
// exists.
func resolveExisting(p string) string {
	rest := ""
	for cur := p; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

type job struct {
	src, dst string
	post     bool
}

func isPost(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown", ".html", ".htm":
		return true
	}
	return false
}

// plan lists what to write, mirroring the tree of src under dst.
func plan(src, dst string, opt options) ([]job, error) {
	var jobs []job
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // folders are made as needed; links and devices are skipped
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		j := job{src: p, dst: filepath.Join(dst, rel), post: isPost(p)}
		if j.post && opt.markdown {
			if ext := strings.ToLower(filepath.Ext(rel)); ext == ".html" || ext == ".htm" {
				j.dst = strings.TrimSuffix(j.dst, filepath.Ext(j.dst)) + ".md"
			}
		}
		jobs = append(jobs, j)
		return nil
	})
	return jobs, err
}

func existing(jobs []job) []string {
	var out []string
	for _, j := range jobs {
		if _, err := os.Lstat(j.dst); err == nil {
			out = append(out, j.dst)
		}
	}
	return out
}

func (j job) do(opt options) error {
	var out []byte
	if j.post {
		src, err := os.ReadFile(j.src)
		if err != nil {
			return err
		}
		a, err := article.ParseFile(j.src, opt.parse...)
		if err != nil {
			return err
		}
		if out, err = rewrite(src, a, opt.markdown); err != nil {
			return err
		}
	} else {
		var err error
		if out, err = os.ReadFile(j.src); err != nil {
			return err
		}
	}
	return writeFile(j.dst, out)
}

// writeFile writes through a temporary file in the same folder, so that a
// failure leaves no half-written file.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".rewrite-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// rewrite returns the post as clean front matter and a body.
func rewrite(src []byte, a *article.Article, markdown bool) ([]byte, error) {
	fm, err := frontMatter(src, a)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	if markdown {
		if md := a.Markdown(); md != "" {
			b.WriteString("\n")
			b.WriteString(md)
		}
	} else if h := a.HTML(); h != "" {
		b.WriteString("\n")
		b.WriteString(h)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// The front matter keys of the fields rewrite normalises, as the README
// lists them: the first non-empty key of each list is the one Parse reads.
var (
	dateKeys     = []string{"date", "published", "pubdate", "publishdate", "publish_date", "published_at", "created", "created_at"}
	updatedKeys  = []string{"updated", "lastmod", "modified", "updated_at", "last_modified"}
	coverKeys    = []string{"headimg", "cover", "image", "thumbnail", "banner", "featured_image", "og_image"}
	categoryKeys = []string{"categories", "category"}
	tagKeys      = []string{"tags", "tag", "keywords"}
)

// frontMatter returns the YAML of the post's front matter: every key of
// a.Meta, in the order of the source, with the date, cover, categories and
// tags normalised.
func frontMatter(src []byte, a *article.Article) ([]byte, error) {
	meta := map[string]any{}
	for k, v := range a.Meta {
		meta[k] = v
	}
	if k := firstKey(meta, dateKeys); k != "" && !a.Date.IsZero() {
		meta[k] = a.Date.Format(time.RFC3339Nano)
	}
	if k := firstKey(meta, updatedKeys); k != "" && !a.Updated.IsZero() {
		meta[k] = a.Updated.Format(time.RFC3339Nano)
	}
	winner := firstKey(meta, coverKeys)
	for _, k := range coverKeys {
		k = actualKey(meta, k)
		s, ok := meta[k].(string)
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		s = strings.TrimSpace(s)
		if k == winner && a.Cover != nil && (a.Cover.SourceURL == s || a.Cover.URL == s || article.Unwrap(s) == a.Cover.URL) {
			meta[k] = a.Cover.URL
		} else {
			meta[k] = article.Unwrap(s)
		}
	}
	if k := firstKey(meta, categoryKeys); k != "" {
		if _, ok := meta[k].([]any); !ok {
			meta[k] = nonNil(a.Categories)
		}
	}
	if k := firstKey(meta, tagKeys); k != "" {
		if _, ok := meta[k].([]any); !ok {
			meta[k] = nonNil(a.Tags)
		}
	}
	if a.Title != "" && firstKey(meta, []string{"title"}) == "" {
		meta["title"] = a.Title // from the page's <title>
	}

	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keyOrder(src, meta) {
		var v yaml.Node
		if err := v.Encode(plain(meta[k])); err != nil {
			return nil, fmt.Errorf("front matter key %q: %w", k, err)
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &v)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// actualKey returns the key of m that matches k without regard to case.
func actualKey(m map[string]any, k string) string {
	if _, ok := m[k]; ok {
		return k
	}
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if strings.EqualFold(key, k) {
			return key
		}
	}
	return ""
}

// firstKey returns the first of keys that m holds with a non-empty value,
// as Parse chooses it.
func firstKey(m map[string]any, keys []string) string {
	for _, k := range keys {
		key := actualKey(m, k)
		if key == "" {
			continue
		}
		switch v := m[key].(type) {
		case nil:
			continue
		case string:
			if strings.TrimSpace(v) == "" {
				continue
			}
		case []any:
			if len(v) == 0 {
				continue
			}
		}
		return key
	}
	return ""
}

// plain turns JSON numbers into numbers, so that YAML writes them bare.
func plain(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		if f, err := v.Float64(); err == nil {
			return f
		}
		return v.String()
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = plain(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	}
	return v
}

// keyLine matches a top-level key in YAML ("key:"), TOML ("key =",
// "[table]") or JSON ("\"key\":") front matter.
var keyLine = regexp.MustCompile(`^(?:\s*"([^"]+)"\s*:|([^\s:=#\[\]"'{}-][^:=]*?)\s*[:=]|\[\s*([^\]\s]+)\s*\])`)

// keyOrder returns the keys of meta in the order the source front matter
// has them; keys it cannot find there follow, sorted.
func keyOrder(src []byte, meta map[string]any) []string {
	var order []string
	seen := map[string]bool{}
	add := func(k string) {
		if _, ok := meta[k]; ok && !seen[k] {
			seen[k] = true
			order = append(order, k)
		}
	}
	text := frontMatterText(src)
	if strings.HasPrefix(strings.TrimSpace(text), "{") {
		jsonKeys(text, add)
	} else {
		for _, line := range strings.Split(text, "\n") {
			if m := keyLine.FindStringSubmatch(line); m != nil {
				add(strings.Trim(strings.TrimSpace(m[1]+m[2]+m[3]), `"'`))
			}
		}
	}
	var rest []string
	for k := range meta {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(order, rest...)
}

// jsonKeys calls add with the top-level keys of a JSON object, in order.
func jsonKeys(text string, add func(string)) {
	dec := json.NewDecoder(strings.NewReader(text))
	depth := 0
	wantKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			wantKey = depth == 1 && tok == '{'
			if depth == 1 && (tok == '}' || tok == ']') {
				wantKey = true
			}
			continue
		case string:
			if depth == 1 && wantKey {
				add(tok)
				wantKey = false
				continue
			}
		}
		if depth == 1 {
			wantKey = true
		}
	}
}

// frontMatterText returns the text of the front matter at the start of src,
// roughly as Parse finds it: between fences, or a leading JSON object.
func frontMatterText(src []byte) string {
	s := strings.TrimPrefix(strings.ReplaceAll(string(src), "\r\n", "\n"), "\ufeff")
	s = strings.TrimLeft(s, " \t\n")
	if strings.HasPrefix(s, "{") {
		dec := json.NewDecoder(strings.NewReader(s))
		var raw json.RawMessage
		if dec.Decode(&raw) == nil {
			return string(raw)
		}
		return ""
	}
	first, rest, _ := strings.Cut(s, "\n")
	first = strings.TrimRight(first, " \t")
	closing := map[string]string{"---": "---", "---yaml": "---", "---yml": "---", "+++": "+++", "---toml": "---", ";;;": ";;;", "---json": "---"}[first]
	if closing == "" {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(rest, "\n") {
		if t := strings.TrimRight(line, " \t"); t == closing || closing == "---" && t == "..." {
			return b.String()
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return ""
}
