package zoomsig

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The README's Go snippets are read by people who copy them, so they must
// stay true to the package. TestReadmeGoSnippets parses every ```go block
// of README.md (as statements in a function body, or as a file when it
// starts with a declaration) and checks:
//   - each `zoomsig.Name` it uses is exported by the package;
//   - each `signer.Name` (the README's name for a *Signer) is a method of
//     Signer;
//   - each field of a `zoomsig.Type{Field: …}` literal is a field of Type;
//   - a snippet whose preceding prose names `ExampleX` functions uses only
//     package names and Signer methods those examples use, so that a
//     runnable example with a fixed clock and // Output backs it;
//   - snippets backed so exist for Signer.SignVideoJWT, VerifyVideoJWT and
//     Diagnose (the issue that asked for them).

// backedCalls are the calls a README snippet backed by an example must show.
var backedCalls = []string{"signer.SignVideoJWT", "zoomsig.VerifyVideoJWT", "zoomsig.Diagnose"}

// pkgIndex is what the package exports: names, Signer's methods, and each
// struct type's fields.
type pkgIndex struct {
	names   map[string]bool
	methods map[string]bool // of Signer
	fields  map[string]map[string]bool
}

func indexPackage(t *testing.T) pkgIndex {
	idx := pkgIndex{names: map[string]bool{}, methods: map[string]bool{}, fields: map[string]map[string]bool{}}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			idx.addDecl(d)
		}
	}
	return idx
}

func (idx *pkgIndex) addDecl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			idx.names[d.Name.Name] = d.Name.IsExported()
		} else if recvName(d.Recv.List[0].Type) == "Signer" && d.Name.IsExported() {
			idx.methods[d.Name.Name] = true
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				idx.names[s.Name.Name] = s.Name.IsExported()
				if st, ok := s.Type.(*ast.StructType); ok {
					idx.fields[s.Name.Name] = structFields(st)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					idx.names[n.Name] = n.IsExported()
				}
			}
		}
	}
}

func recvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func structFields(st *ast.StructType) map[string]bool {
	fields := map[string]bool{}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			fields[n.Name] = true
		}
		if len(f.Names) == 0 { // embedded: its type's name
			fields[recvName(f.Type)] = true
		}
	}
	return fields
}

// goSnippet is one ```go block of the README and the examples its prose
// names.
type goSnippet struct {
	line     int // of its first line of code
	code     string
	examples []string
}

var exampleNameRe = regexp.MustCompile(`\bExample[A-Za-z0-9_]*`)

func readmeGoSnippets(t *testing.T) []goSnippet {
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var snippets []goSnippet
	var prose, code []string
	inGo, inOther := false, false
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case inGo && strings.HasPrefix(l, "```"):
			snippets[len(snippets)-1].code = strings.Join(code, "\n")
			inGo, prose, code = false, nil, nil
		case inGo:
			code = append(code, l)
		case l == "```go":
			inGo = true
			snippets = append(snippets, goSnippet{line: i + 2, examples: exampleNameRe.FindAllString(strings.Join(prose, "\n"), -1)})
		case strings.HasPrefix(l, "```"):
			inOther, prose = !inOther, nil
		case !inOther:
			prose = append(prose, l)
		}
	}
	require.False(t, inGo, "README.md ends inside a ```go block")
	require.NotEmpty(t, snippets, "README.md has no ```go block")
	return snippets
}

// parseSnippet parses code as a Go file, or as a function body.
func parseSnippet(code string) (*ast.File, error) {
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "snippet.go", "package p\n"+code, 0); err == nil {
		return f, nil
	}
	return parser.ParseFile(fset, "snippet.go", "package p\nfunc _() {\n"+code+"\n}", 0)
}

// uses lists the package names (zoomsig.X) and Signer methods (signer.X)
// a file uses, and checks each, and each literal's fields, against idx.
func (idx *pkgIndex) uses(f *ast.File) (used map[string]bool, problems []string) {
	used = map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			x, ok := n.X.(*ast.Ident)
			switch {
			case !ok:
			case x.Name == "zoomsig":
				used["zoomsig."+n.Sel.Name] = true
				if !idx.names[n.Sel.Name] {
					problems = append(problems, "zoomsig."+n.Sel.Name+" is not exported by the package")
				}
			case x.Name == "signer":
				used["signer."+n.Sel.Name] = true
				if !idx.methods[n.Sel.Name] {
					problems = append(problems, "signer."+n.Sel.Name+" is not a method of Signer")
				}
			}
		case *ast.CompositeLit:
			problems = append(problems, idx.literalFields(n)...)
		}
		return true
	})
	return used, problems
}

func (idx *pkgIndex) literalFields(lit *ast.CompositeLit) []string {
	sel, ok := lit.Type.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "zoomsig" {
		return nil
	}
	var problems []string
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && !idx.fields[sel.Sel.Name][k.Name] {
				problems = append(problems, fmt.Sprintf("zoomsig.%s has no field %s", sel.Sel.Name, k.Name))
			}
		}
	}
	return problems
}

// exampleUses lists, for each Example function of the package's external
// tests, the package names and Signer methods it uses.
func (idx *pkgIndex) exampleUses(t *testing.T) map[string]map[string]bool {
	files, err := filepath.Glob("example*_test.go")
	require.NoError(t, err)
	uses := map[string]map[string]bool{}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fd.Name.Name, "Example") {
				used, problems := idx.uses(&ast.File{Name: f.Name, Decls: []ast.Decl{fd}})
				require.Empty(t, problems, "%s in %s", fd.Name.Name, name)
				uses[fd.Name.Name] = used
			}
		}
	}
	require.NotEmpty(t, uses, "no Example functions found")
	return uses
}

func TestReadmeGoSnippets(t *testing.T) {
	idx := indexPackage(t)
	examples := idx.exampleUses(t)
	var problems []string
	backed := map[string]bool{}
	for _, s := range readmeGoSnippets(t) {
		where := fmt.Sprintf("README.md:%d", s.line)
		f, err := parseSnippet(s.code)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: not Go: %v", where, err))
			continue
		}
		used, ps := idx.uses(f)
		for _, p := range ps {
			problems = append(problems, where+": "+p)
		}
		problems = append(problems, backedBy(where, s, used, examples, backed)...)
	}
	for _, call := range backedCalls {
		if !backed[call] {
			problems = append(problems, fmt.Sprintf("no README snippet shows %s backed by an Example that calls it", call))
		}
	}
	sort.Strings(problems)
	require.Empty(t, problems, "README.md's Go snippets:\n%s", strings.Join(problems, "\n"))
}

// backedBy checks that the examples a snippet names exist and use every
// name it uses, and notes the calls so backed.
func backedBy(where string, s goSnippet, used map[string]bool, examples map[string]map[string]bool, backed map[string]bool) []string {
	if len(s.examples) == 0 {
		return nil
	}
	var problems []string
	inExamples := map[string]bool{}
	for _, name := range s.examples {
		ex, ok := examples[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: names %s, which is no Example function", where, name))
		}
		for u := range ex {
			inExamples[u] = true
		}
	}
	for u := range used {
		if !inExamples[u] {
			problems = append(problems, fmt.Sprintf("%s: uses %s, which %s does not", where, u, strings.Join(s.examples, " or ")))
		}
	}
	if len(problems) == 0 {
		for u := range used {
			backed[u] = true
		}
	}
	return problems
}
