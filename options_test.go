package zoomsig

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// optionSamples is one valid value of every option, by name.
func optionSamples() map[string]Option {
	return map[string]Option{
		"WithClock":           WithClock(FixedClock(testAt)),
		"WithBackdate":        WithBackdate(time.Second),
		"WithDialect":         WithDialect(DialectNode),
		"WithLeeway":          WithLeeway(time.Second),
		"WithMaxAge":          WithMaxAge(time.Hour),
		"WithExpiry":          WithExpiry(time.Hour),
		"WithVideoWebRTCMode": WithVideoWebRTCMode(1),
		"WithAllowedOrigins":  WithAllowedOrigins("https://app.example.com"),
		"WithAllowHost":       WithAllowHost(true),
		"WithMeetings":        WithMeetings(testMN),
		"WithAuthorize":       WithAuthorize(func(*http.Request, SignRequest) error { return nil }),
		"WithSessions":        WithSessions("daily standup"),
		"WithAuthorizeVideo":  WithAuthorizeVideo(func(*http.Request, VideoToken) error { return nil }),
		"WithZoomAPI":         WithZoomAPI("https://api.zoomgov.com/v2"),
		"WithTokenTTL":        WithTokenTTL(time.Hour),
		"WithMeetingNumber":   WithMeetingNumber(testMN),
		"WithSDKKeyClaim":     WithSDKKeyClaim(false),
		"WithVideoEndpoint":   WithVideoEndpoint(true),
		"WithProbeOrigin":     WithProbeOrigin("https://probe.example"),
		"WithProbeRequests":   WithProbeRequests(5),
		"WithSDKVersion":      WithSDKVersion("6.2.0"),
		"WithJoinCall":        WithJoinCall(JoinCall{MeetingNumber: "85823272833"}),
		"WithMaxExpiry":       WithMaxExpiry(time.Hour),
		"WithJoinTokens":      WithJoinTokens(func(*http.Request, SignRequest) (JoinTokens, error) { return JoinTokens{}, nil }),
	}
}

// optionTakers calls each function that takes options with one option,
// and returns the error it gives (Diagnose: its invalid-option finding).
func optionTakers(t *testing.T) map[string]func(Option) error {
	s, err := NewSigner(testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	sig, err := s.Sign(testMN, RoleAttendee)
	require.NoError(t, err)
	tok, err := s.SignJWT(testMN, RoleAttendee)
	require.NoError(t, err)
	vt, err := s.SignVideoJWT(VideoToken{SessionName: "s"})
	require.NoError(t, err)
	second := func(_ any, err error) error { return err }
	return map[string]func(Option) error{
		"Generate":          func(o Option) error { return second(Generate(testKey, testSecret, testMN, 0, o)) },
		"NewSigner":         func(o Option) error { return second(NewSigner(testKey, testSecret, o)) },
		"GenerateJWT":       func(o Option) error { return second(GenerateJWT(testKey, testSecret, testMN, 0, o)) },
		"SignJWT":           func(o Option) error { return second(s.SignJWT(testMN, 0, o)) },
		"GenerateNativeJWT": func(o Option) error { return second(GenerateNativeJWT(testKey, testSecret, o)) },
		"SignNativeJWT":     func(o Option) error { return second(s.SignNativeJWT(o)) },
		"GenerateVideoJWT": func(o Option) error {
			return second(GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s"}, o))
		},
		"SignVideoJWT":    func(o Option) error { return second(s.SignVideoJWT(VideoToken{SessionName: "s"}, o)) },
		"Verify":          func(o Option) error { return second(Verify(sig, testKey, testSecret, o)) },
		"VerifyJWT":       func(o Option) error { return second(VerifyJWT(tok, testKey, testSecret, o)) },
		"VerifyVideoJWT":  func(o Option) error { return second(VerifyVideoJWT(vt, testKey, testSecret, o)) },
		"NewHandler":      func(o Option) error { return second(NewHandler(s, o)) },
		"NewVideoHandler": func(o Option) error { return second(NewVideoHandler(s, o)) },
		"FetchUserToken": func(o Option) error {
			return second(FetchUserToken(context.Background(), &http.Client{Transport: failingTransport{}}, "me", TokenZAK, o))
		},
		"UserToken": func(o Option) error {
			c, err := NewTokenCache(TokenCacheConfig{})
			require.NoError(t, err)
			return second(c.UserToken(context.Background(), &http.Client{Transport: failingTransport{}}, "me", TokenZAK, o))
		},
		"Audit": func(o Option) error {
			return second(Audit(context.Background(), &http.Client{Transport: failingTransport{}}, "https://endpoint.example/", o))
		},
		"Inspect": func(o Option) error {
			for _, f := range Inspect(tok, testKey, testSecret, o).Findings {
				if f.Code == CodeInvalidOption {
					return errors.New(f.Message)
				}
			}
			return nil
		},
		"Diagnose": func(o Option) error {
			for _, f := range Diagnose(tok, testKey, testSecret, o) {
				if f.Code == CodeInvalidOption {
					return errors.New(f.Message)
				}
			}
			return nil
		},
	}
}

// documentedAppliesTo reads, from every options*.go file, the list after
// "Applies to:" in each With* function's doc.
func documentedAppliesTo(t *testing.T) map[string][]string {
	files, err := filepath.Glob("options*.go")
	require.NoError(t, err)
	docs := map[string][]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fd.Name.Name, "With") {
				continue
			}
			text := strings.Join(strings.Fields(fd.Doc.Text()), " ")
			_, list, found := strings.Cut(text, "Applies to: ")
			require.True(t, found, "%s has no \"Applies to:\" line", fd.Name.Name)
			list, _, _ = strings.Cut(list, ".")
			names := strings.Split(list, ", ")
			sort.Strings(names)
			docs[fd.Name.Name] = names
		}
	}
	return docs
}

// TestOptionDocsMatchWhatFunctionsAccept: each option's "Applies to" list
// is exactly the set of functions that accept it.
func TestOptionDocsMatchWhatFunctionsAccept(t *testing.T) {
	docs := documentedAppliesTo(t)
	samples := optionSamples()
	require.Len(t, docs, len(samples), "every option has a sample, every sample a doc")
	takers := optionTakers(t)
	for name, opt := range samples {
		var accepted []string
		for fn, call := range takers {
			if err := call(opt); err == nil || !strings.Contains(err.Error(), "does not apply") {
				accepted = append(accepted, fn)
			}
		}
		sort.Strings(accepted)
		require.Equal(t, docs[name], accepted, "%s: its doc's \"Applies to\" list against the functions that accept it", name)
	}
}

// failingTransport answers no request: a call that got past its options
// fails here, not with "does not apply".
type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}

// optionTakingDocs reads, from every non-test file of the package, the doc
// of each exported function or method whose last parameter is ...Option,
// by name (a method by its own name, as the "Applies to" lists write it).
func optionTakingDocs(t *testing.T) map[string]string {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	docs := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || !takesOptions(fd) {
				continue
			}
			require.NotContains(t, docs, fd.Name.Name, "two functions that take options are both named %s", fd.Name.Name)
			docs[fd.Name.Name] = fd.Doc.Text()
		}
	}
	return docs
}

func takesOptions(fd *ast.FuncDecl) bool {
	params := fd.Type.Params.List
	if len(params) == 0 {
		return false
	}
	e, ok := params[len(params)-1].Type.(*ast.Ellipsis)
	if !ok {
		return false
	}
	id, ok := e.Elt.(*ast.Ident)
	return ok && id.Name == "Option"
}

// TestFunctionDocsNameTheirOptions is the converse of
// TestOptionDocsMatchWhatFunctionsAccept: the doc of every exported
// function that takes options (what `go doc` shows) names each option
// whose "Applies to" list names the function, so a reader of either doc
// finds the other.
func TestFunctionDocsNameTheirOptions(t *testing.T) {
	funcs := optionTakingDocs(t)
	takers := optionTakers(t)
	var names []string
	for name := range funcs {
		names = append(names, name)
	}
	sort.Strings(names)
	var takerNames []string
	for name := range takers {
		takerNames = append(takerNames, name)
	}
	sort.Strings(takerNames)
	require.Equal(t, takerNames, names, "the functions that take options against those optionTakers calls")
	var missing []string
	for option, appliesTo := range documentedAppliesTo(t) {
		named := regexp.MustCompile(`\b` + option + `\b`)
		for _, fn := range appliesTo {
			doc, ok := funcs[fn]
			require.True(t, ok, "%s's \"Applies to\" names %s, which takes no options", option, fn)
			if !named.MatchString(doc) {
				missing = append(missing, fn+" does not name "+option)
			}
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "each function's doc lists the options that apply to it:\n%s", strings.Join(missing, "\n"))
}
