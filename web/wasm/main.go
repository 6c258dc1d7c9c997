//go:build js && wasm

// Command wasm is the inspector page's diagnosis compiled to WebAssembly
// (web/build.sh): it gives the page one function, zoomsigInspect(body),
// which answers a POST /inspect body with {status, body} exactly as
// `zoomsig inspect --web` does, in the browser, sending nothing.
package main

import (
	"syscall/js"
	"time"

	"github.com/zoomsig/zoomsig/internal/inspectjson"
)

func main() {
	js.Global().Set("zoomsigInspect", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return map[string]any{"status": 400, "body": `{"errors":[{"property":"body","reason":"zoomsigInspect takes one string"}]}`}
		}
		status, body := inspectjson.Answer([]byte(args[0].String()), time.Now())
		return map[string]any{"status": status, "body": string(body)}
	}))
	select {} // serve calls until the page goes away
}
