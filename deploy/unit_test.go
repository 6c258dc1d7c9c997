package deploy

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// unit is a systemd unit file: each section's assignments in order.
type unit map[string][][2]string

func parseUnit(src string) (unit, error) {
	u := unit{}
	section := ""
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasSuffix(line, `\`):
			return nil, fmt.Errorf("line %d: continuation lines are not supported by this check", i+1)
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				return nil, fmt.Errorf("line %d: cannot read %q", i+1, line)
			}
			u[section] = append(u[section], [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return u, nil
}

// values returns every value assigned to key in section, in order.
func (u unit) values(section, key string) []string {
	var vs []string
	for _, kv := range u[section] {
		if kv[0] == key {
			vs = append(vs, kv[1])
		}
	}
	return vs
}

// sandbox is what deploy/zoomsig.service must say in [Service]: the last
// assignment of each key (an empty one resets a list) must be this value.
// SystemCallFilter is a list whose lines combine, so it needs the line.
var sandbox = [][2]string{
	{"DynamicUser", "yes"},
	{"NoNewPrivileges", "yes"},
	{"CapabilityBoundingSet", ""},
	{"AmbientCapabilities", ""},
	{"ProtectSystem", "strict"},
	{"ProtectHome", "yes"},
	{"PrivateTmp", "yes"},
	{"PrivateDevices", "yes"},
	{"ProtectKernelTunables", "yes"},
	{"ProtectKernelModules", "yes"},
	{"ProtectKernelLogs", "yes"},
	{"ProtectControlGroups", "yes"},
	{"RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"},
	{"RestrictNamespaces", "yes"},
	{"RestrictRealtime", "yes"},
	{"RestrictSUIDSGID", "yes"},
	{"MemoryDenyWriteExecute", "yes"},
	{"LockPersonality", "yes"},
	{"SystemCallArchitectures", "native"},
	{"SystemCallFilter", "@system-service"},
}

// checkUnit returns every way the unit departs from its rules: the
// sandbox above; the secret passed with LoadCredential= and read from the
// credentials directory by --secret-file, never from the environment; an
// absolute ExecStart of `zoomsig serve` with --max-expiry.
func checkUnit(src string) error {
	u, err := parseUnit(src)
	if err != nil {
		return err
	}
	var errs []error
	for _, d := range sandbox {
		vs := u.values("Service", d[0])
		ok := len(vs) > 0 && vs[len(vs)-1] == d[1]
		if d[0] == "SystemCallFilter" {
			ok = slices.Contains(vs, d[1])
		}
		if !ok {
			errs = append(errs, fmt.Errorf("[Service] wants %s=%s, has %q", d[0], d[1], vs))
		}
	}
	for _, env := range u.values("Service", "Environment") {
		if strings.Contains(strings.ToUpper(env), "SECRET") {
			errs = append(errs, fmt.Errorf("Environment=%s: the secret comes from LoadCredential=, never the environment", env))
		}
	}
	return errors.Join(append(errs, checkExecStart(u))...)
}

func checkExecStart(u unit) error {
	creds := u.values("Service", "LoadCredential")
	exec := u.values("Service", "ExecStart")
	if len(creds) != 1 || len(exec) != 1 {
		return fmt.Errorf("want one LoadCredential= and one ExecStart=, have %d and %d", len(creds), len(exec))
	}
	id, file, _ := strings.Cut(creds[0], ":")
	if id == "" || !path.IsAbs(file) {
		return fmt.Errorf("LoadCredential=%s: want ID:/absolute/path", creds[0])
	}
	ws, err := shellWords(exec[0])
	if err != nil {
		return fmt.Errorf("ExecStart: %v", err)
	}
	var argv []string
	for _, w := range ws {
		argv = append(argv, w.text)
	}
	var errs []error
	if len(argv) < 2 || !path.IsAbs(argv[0]) || path.Base(argv[0]) != "zoomsig" || argv[1] != "serve" {
		errs = append(errs, fmt.Errorf("ExecStart=%s: want /absolute/path/zoomsig serve …", exec[0]))
	}
	secretFile := flagValue(argv, "--secret-file")
	if secretFile != "${CREDENTIALS_DIRECTORY}/"+id && secretFile != "%d/"+id {
		errs = append(errs, fmt.Errorf("ExecStart: --secret-file %q: want ${CREDENTIALS_DIRECTORY}/%s, the credential LoadCredential= passes", secretFile, id))
	}
	if flagValue(argv, "--max-expiry") == "" {
		errs = append(errs, errors.New("ExecStart: no --max-expiry: callers could ask for 48 h tokens"))
	}
	return errors.Join(errs...)
}

// flagValue returns the value given to flag in argv, as "--flag V" or
// "--flag=V" (one or two dashes).
func flagValue(argv []string, flag string) string {
	name := strings.TrimLeft(flag, "-")
	for i, a := range argv {
		k, v, joined := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || k != name {
			continue
		}
		if joined {
			return v
		}
		if i+1 < len(argv) {
			return argv[i+1]
		}
	}
	return ""
}
