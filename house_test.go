package zoomsig

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The house rules, checked on every non-test Go file of the library, the
// command and the other packages: no file over 400 lines, no
// function over 50; no rule constant restated as a literal (the lifetime
// window's seconds are derived from MinExpiry and MaxExpiry); no error
// text cut apart; every With* option in an options*.go file.
func TestHouseRules(t *testing.T) {
	const maxFileLines, maxFuncLines = 400, 50
	forbidden := map[string]bool{"1800": true, "172800": true}
	fset := token.NewFileSet()
	checked := 0
	for _, dir := range []string{".", "cmd/zoomsig", "redisstore", "internal/redistest", "internal/inspectjson", "web", "web/wasm"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			require.NotContains(t, string(src), "TrimPrefix(err.Error()", "%s cuts error text apart", name)
			f, err := parser.ParseFile(fset, name, src, 0)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				stdlib := !strings.Contains(strings.Split(path, "/")[0], ".")
				require.True(t, stdlib || dir != ".", "%s: the library imports only the standard library, not %s", name, path)
			}
			lines := fset.File(f.Pos()).LineCount()
			require.LessOrEqual(t, lines, maxFileLines, "%s has %d lines", name, lines)
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					size := fset.Position(n.End()).Line - fset.Position(n.Pos()).Line + 1
					require.LessOrEqual(t, size, maxFuncLines, "%s: %s is %d lines", name, n.Name.Name, size)
					if dir == "." && n.Recv == nil && strings.HasPrefix(n.Name.Name, "With") {
						require.True(t, strings.HasPrefix(filepath.Base(name), "options"), "%s is defined in %s, not an options*.go file", n.Name.Name, name)
					}
				case *ast.BasicLit:
					require.False(t, forbidden[n.Value], "%s: %s restates a rule constant", fset.Position(n.Pos()), n.Value)
				}
				return true
			})
			checked++
		}
	}
	require.Greater(t, checked, 20, "the check found the source files")
}
