//go:build race

package zoomsig

const raceEnabled = true
