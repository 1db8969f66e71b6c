package article

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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

// fieldSource gives access to the decoded front matter by field, and
// reports problems with the line of the key.
type fieldSource struct {
	m    map[string]any
	fm   frontMatter
	warn func(Warning)
	// keys holds, for each field, up to maxAliases keys that are set, best
	// first, in fixed arrays so that indexing allocates nothing.
	keys  [numFields][maxAliases]string
	ranks [numFields][maxAliases]int
	n     [numFields]int
}

const maxAliases = 8

// The fields read from the front matter.
const (
	fieldTitle = iota
	fieldDate
	fieldUpdated
	fieldAuthor
	fieldCategories
	fieldTags
	fieldCover
	fieldExcerpt
	fieldLang
	fieldLink
	numFields
)

// fieldKeys maps a lower-case front matter key to its field and its rank
// among the field's aliases.
var fieldKeys = func() map[string]struct{ field, rank int } {
	m := map[string]struct{ field, rank int }{}
	for field, keys := range [numFields][]string{
		titleKeys, dateKeys, updatedKeys, authorKeys, categoryKeys, tagKeys, coverKeys, excerptKeys, langKeys, linkKeys,
	} {
		for rank, k := range keys {
			m[k] = struct{ field, rank int }{field, rank}
		}
	}
	return m
}()

// index records the keys of fs.m by field, in one pass over the map.
func (fs *fieldSource) index() {
	for k := range fs.m {
		f, ok := fieldKeys[k]
		if !ok {
			if !hasUpper(k) {
				continue
			}
			if f, ok = fieldKeys[strings.ToLower(k)]; !ok {
				continue
			}
		}
		// Insert in rank order; keys equal but for case are ordered as
		// strings, so that the result does not depend on map order.
		keys, ranks, n := &fs.keys[f.field], &fs.ranks[f.field], fs.n[f.field]
		if n == maxAliases {
			continue
		}
		i := 0
		for i < n && (ranks[i] < f.rank || ranks[i] == f.rank && keys[i] < k) {
			i++
		}
		copy(keys[i+1:n+1], keys[i:n])
		copy(ranks[i+1:n+1], ranks[i:n])
		keys[i], ranks[i] = k, f.rank
		fs.n[f.field]++
	}
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' || s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// lookup returns the first key of the field that is set to a non-empty
// value.
func (fs *fieldSource) lookup(field int) (key string, v any, ok bool) {
	for _, k := range fs.keys[field][:fs.n[field]] {
		v := fs.m[k]
		if isEmptyValue(v) {
			continue
		}
		return k, v, true
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
func (fs *fieldSource) str(field int) string {
	key, v, ok := fs.lookup(field)
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
func (fs *fieldSource) list(field int) []string {
	key, v, ok := fs.lookup(field)
	if !ok {
		return nil
	}
	var out []string
	if l, ok := v.([]any); ok {
		out = make([]string, 0, len(l))
	}
	return fs.addToList(out, key, v, 0)
}

// addToList adds x, a scalar, a list or a map with a name, to out.
func (fs *fieldSource) addToList(out []string, key string, x any, depth int) []string {
	if s, ok := scalarString(x); ok {
		return appendSplit(out, s)
	}
	if l, ok := x.([]any); ok && depth < 8 {
		for _, y := range l {
			out = fs.addToList(out, key, y, depth+1)
		}
		return out
	}
	if s := nameOf(x); s != "" {
		return appendUnique(out, s)
	}
	if x != nil {
		fs.warnField(WarnField, key, fmt.Sprintf("a %s in the list cannot be read as text; ignored", kindName(x)))
	}
	return out
}

// appendSplit adds the comma-separated parts of s to list, trimmed, once
// each.
func appendSplit(list []string, s string) []string {
	if strings.IndexByte(s, ',') < 0 && !strings.Contains(s, "，") { // ContainsAny decodes runes for a non-ASCII set
		if s = strings.TrimSpace(s); s != "" {
			list = appendUnique(list, s)
		}
		return list
	}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		if p = strings.TrimSpace(p); p != "" {
			list = appendUnique(list, p)
		}
	}
	return list
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
func (fs *fieldSource) date(field int, loc *time.Location) time.Time {
	key, v, ok := fs.lookup(field)
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
	a.Title = fs.str(fieldTitle)
	a.Date = fs.date(fieldDate, loc)
	a.Updated = fs.date(fieldUpdated, loc)
	a.Author = fs.str(fieldAuthor)
	a.Categories = fs.list(fieldCategories)
	a.Tags = fs.list(fieldTags)
	a.Excerpt = fs.str(fieldExcerpt)
	a.Lang = fs.str(fieldLang)
	a.Link = fs.str(fieldLink)
}
