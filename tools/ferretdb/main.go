// Command jiedui-ferretdb runs FerretDB 1.24 with its SQLite backend as the local,
// MongoDB-wire-compatible store for Jiedui. It embeds FerretDB as a library because the
// upstream CLI built with `go install` panics on a missing generated version file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (loopback)")
	dataDir := flag.String("data", ".data/ferretdb", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("cannot resolve data directory %q: %v", *dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail("cannot create data directory %s: %v", abs, err)
	}

	// Probe the port first so that a taken port gives one clear line instead of a log dump.
	probe, err := net.Listen("tcp", *listen)
	if err != nil {
		fail("cannot listen on %s (%v); stop whatever uses it or choose another port with FERRETDB_PORT", *listen, err)
	}
	_ = probe.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    newLogger(*logLevel),
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s, data in %s\n", *listen, abs)
	if err := f.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		fail("FerretDB stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
