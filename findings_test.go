package zoomsig

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSeverityStrings(t *testing.T) {
	for s, want := range map[Severity]string{SeverityInfo: "info", SeverityWarning: "warning", SeverityError: "error", 7: "severity(7)"} {
		require.Equal(t, want, s.String())
		b, err := s.MarshalText()
		require.NoError(t, err)
		require.Equal(t, want, string(b))
	}
	require.Equal(t, SeverityError, specOf("no-such-code").severity)
}

// TestREADMEListsEveryCode: the codes are a contract, and the README's
// table is where users read them.
func TestREADMEListsEveryCode(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	require.NotEmpty(t, codeTable)
	for code := range codeTable {
		require.Contains(t, string(readme), "| `"+code+"` |", "README.md does not list %s", code)
	}
}
