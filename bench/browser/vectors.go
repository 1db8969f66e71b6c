package browser

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Vector is one hostile input of testdata/xss/vectors.txt.
type Vector struct {
	Name string
	Live bool // runs its payload when loaded unsanitized in Chromium
	HTML string
}

// LoadVectors reads a vector file: "-- name [live] --" lines, each
// followed by its HTML, and "#" comment lines before the first vector.
// "{{repeat N X}}" stands for X written N times.
func LoadVectors(path string) ([]Vector, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Vector
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(name, " --") {
			f := strings.Fields(strings.TrimSuffix(name, " --"))
			out = append(out, Vector{Name: f[0], Live: len(f) > 1 && f[1] == "live"})
			continue
		}
		if len(out) == 0 || strings.TrimSpace(line) == "" && out[len(out)-1].HTML == "" {
			continue
		}
		out[len(out)-1].HTML += line
	}
	for i := range out {
		v := &out[i]
		v.HTML = strings.TrimRight(v.HTML, "\n")
		for {
			start := strings.Index(v.HTML, "{{repeat ")
			if start < 0 {
				break
			}
			end := strings.Index(v.HTML[start:], "}}")
			if end < 0 {
				return nil, fmt.Errorf("%s: unterminated {{repeat", v.Name)
			}
			n, x, _ := strings.Cut(v.HTML[start+len("{{repeat "):start+end], " ")
			count, err := strconv.Atoi(n)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", v.Name, err)
			}
			v.HTML = v.HTML[:start] + strings.Repeat(x, count) + v.HTML[start+end+2:]
		}
	}
	return out, nil
}
