//go:build !race

package main

// raceEnabled: buildBinary skips the process-level tests under -race.
const raceEnabled = false
