package article

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Front matter keys for each Article field, first match wins. Keys match
// without regard to case.
var (
	titleKeys    = []string{"title"}
	dateKeys     = []string{"date", "published", "pubdate", "publishdate", "publish_date", "published_at", "created", "created_at"}
	updatedKeys  = []string{"updated", "lastmod", "modified", "updated_at", "last_modified"}
	authorKeys   = []string{"author", "authors", "byline"}
	categoryKeys = []string{"categories", "category"}
	tagKeys      = []string{"tags", "tag", "keywords"}
	coverKeys    = []string{"headimg", "cover", "image", "thumbnail", "banner", "featured_image", "og_image"}
	excerptKeys  = []string{"excerpt", "description", "summary"}
	langKeys     = []string{"lang", "language"}
	linkKeys     = []string{"link", "url", "source", "original_url"}
)

// fieldSource gives access to the decoded front matter by lower-cased key,
// and reports problems with the line of the key.
type fieldSource struct {
	m     map[string]any
	lower map[string]string // lower-cased key → key as written
	fm    frontMatter
	warn  func(Warning)
}

func newFieldSource(m map[string]any, fm frontMatter, warn func(Warning)) *fieldSource {
	fs := &fieldSource{m: m, lower: make(map[string]string, len(m)), fm: fm, warn: warn}
	for _, k := range sortedKeys(m) {
		lk := strings.ToLower(k)
		if _, dup := fs.lower[lk]; !dup {
			fs.lower[lk] = k
		}
	}
	return fs
}

// lookup returns the first key of keys that is set to a non-empty value.
func (fs *fieldSource) lookup(keys []string) (key string, v any, ok bool) {
	for _, k := range keys {
		orig, found := fs.lower[k]
		if !found {
			continue
		}
		v := fs.m[orig]
		if isEmptyValue(v) {
			continue
		}
		return orig, v, true
	}
	return "", nil, false
}

func isEmptyValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	}
	return false
}

func (fs *fieldSource) warnField(code WarningCode, key, msg string) {
	fs.warn(Warning{Code: code, Line: fs.fm.keyLine(key), Message: key + ": " + msg})
}

// str returns the field as a string: a scalar's text, the first element of
// a list, or the "name" of a map.
func (fs *fieldSource) str(keys []string) string {
	key, v, ok := fs.lookup(keys)
	if !ok {
		return ""
	}
	if s, ok := scalarString(v); ok {
		return strings.TrimSpace(s)
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if s, ok := scalarString(x); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
			if s := nameOf(x); s != "" {
				return s
			}
		}
	default:
		if s := nameOf(v); s != "" {
			return s
		}
	}
	fs.warnField(WarnField, key, fmt.Sprintf("a %s cannot be read as text; ignored", kindName(v)))
	return ""
}

// nameOf returns the "name", "url", "src" or "image" value of a map, as
// authors and covers are sometimes written.
func nameOf(v any) string {
	for _, k := range []string{"name", "url", "src", "image"} {
		var x any
		switch m := v.(type) {
		case map[string]any:
			x = m[k]
		case map[any]any:
			x = m[k]
		default:
			return ""
		}
		if s, ok := scalarString(x); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case json.Number:
		return v.String(), true
	case time.Time:
		return v.Format(time.RFC3339Nano), true
	}
	return "", false
}

func kindName(v any) string {
	switch v.(type) {
	case map[string]any, map[any]any:
		return "map"
	case []any:
		return "list"
	}
	return fmt.Sprintf("%T", v)
}

// list returns the field as a list of strings. Nested lists (Hexo's
// hierarchical categories) are flattened in order. A single string is one
// element, or several when it holds commas.
func (fs *fieldSource) list(keys []string) []string {
	key, v, ok := fs.lookup(keys)
	if !ok {
		return nil
	}
	var out []string
	var add func(x any, depth int)
	add = func(x any, depth int) {
		if s, ok := scalarString(x); ok {
			for _, part := range splitList(s) {
				out = appendUnique(out, part)
			}
			return
		}
		if l, ok := x.([]any); ok && depth < 8 {
			for _, y := range l {
				add(y, depth+1)
			}
			return
		}
		if s := nameOf(x); s != "" {
			out = appendUnique(out, s)
			return
		}
		if x != nil {
			fs.warnField(WarnField, key, fmt.Sprintf("a %s in the list cannot be read as text; ignored", kindName(x)))
		}
	}
	add(v, 0)
	return out
}

func splitList(s string) []string {
	if !strings.ContainsAny(s, ",，") {
		if s = strings.TrimSpace(s); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// date returns the field as a time, or the zero time with a warning when it
// cannot be read.
func (fs *fieldSource) date(keys []string, loc *time.Location) time.Time {
	key, v, ok := fs.lookup(keys)
	if !ok {
		return time.Time{}
	}
	t, ok := parseDateValue(v, loc)
	if !ok {
		s, _ := scalarString(v)
		fs.warnField(WarnDate, key, fmt.Sprintf("cannot read %q as a date; left unset", s))
	}
	return t
}

// applyFields sets the Article's fields from the decoded front matter.
func (a *Article) applyFields(fs *fieldSource, loc *time.Location) {
	a.Title = fs.str(titleKeys)
	a.Date = fs.date(dateKeys, loc)
	a.Updated = fs.date(updatedKeys, loc)
	a.Author = fs.str(authorKeys)
	a.Categories = fs.list(categoryKeys)
	a.Tags = fs.list(tagKeys)
	a.Excerpt = fs.str(excerptKeys)
	a.Lang = fs.str(langKeys)
	a.Link = fs.str(linkKeys)
}
