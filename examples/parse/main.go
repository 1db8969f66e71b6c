// Command parse prints one post as an article.
//
//	go run ./examples/parse [-format json|html|text|markdown] [-base URL] [-tz ZONE] [FILE|-]
//
// With no FILE it parses an embedded sample post: the scraped Hexo post
// that started the project. "-" reads standard input. It exits 0 on
// success, 1 when the post cannot be read, and 2 on bad usage.
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/articlekit/article"
)

//go:embed seed.md
var seed []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

var errUsage = errors.New("usage")

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output `format`: json, html, text or markdown")
	base := fs.String("base", "", "base `URL` for relative image and link URLs")
	tz := fs.String("tz", "", "time `zone` for dates without one, such as Asia/Shanghai (default UTC)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: parse [-format json|html|text|markdown] [-base URL] [-tz ZONE] [FILE|-]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	switch *format {
	case "json", "html", "text", "markdown":
	default:
		fmt.Fprintf(stderr, "parse: unknown format %q (want json, html, text or markdown)\n", *format)
		return 2
	}
	var opts []article.Option
	if *base != "" {
		opts = append(opts, article.WithBaseURL(*base))
	}
	if *tz != "" {
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			fmt.Fprintf(stderr, "parse: unknown time zone %q\n", *tz)
			return 2
		}
		opts = append(opts, article.WithDefaultLocation(loc))
	}

	a, err := parseInput(fs.Arg(0), stdin, opts)
	if err != nil {
		if errors.Is(err, article.ErrOption) {
			fmt.Fprintf(stderr, "parse: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "parse: %v\n", err)
		return 1
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(a); err != nil {
			fmt.Fprintf(stderr, "parse: %v\n", err)
			return 1
		}
	case "html":
		fmt.Fprintln(stdout, a.HTML())
	case "text":
		fmt.Fprintln(stdout, a.Text())
	case "markdown":
		fmt.Fprint(stdout, a.Markdown())
	}
	return 0
}

func parseInput(name string, stdin io.Reader, opts []article.Option) (*article.Article, error) {
	switch name {
	case "":
		return article.ParseBytes(seed, opts...)
	case "-":
		return article.Parse(stdin, opts...)
	}
	return article.ParseFile(name, opts...)
}
