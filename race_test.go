//go:build race

package article

// raceEnabled is true when the tests run with the race detector, which
// slows code by an uneven factor: timing tests skip.
const raceEnabled = true
