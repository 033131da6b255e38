// Builds the local MongoDB-compatible server (FerretDB 1.24.2 embedded in main.go) and runs it.
// Plain Node with no dependencies: the root `npm start` / `npm test` import this before pnpm
// has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');

/** A failure the user can fix; the scripts print its message as one line, without a stack. */
export class SetupError extends Error {
  name = 'SetupError';
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go', 'patches.json']) {
    hash.update(readFileSync(join(here, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Returns the path of the FerretDB binary, building it first when the cache has none for the
 * current go.mod/go.sum/main.go/patches.json. The build takes about a minute on two cores, once.
 */
export function ensureFerretBinary({ log = console.error } = {}) {
  const cacheDir = join(repoRoot, '.cache', 'ferretdb', sourceHash());
  const binary = join(cacheDir, 'jiedui-ferretdb');
  if (existsSync(binary)) return binary;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new SetupError(
      'Go toolchain not found: install Go ≥ 1.24 (the local database server is built from the Go module proxy), or set MONGODB_URL to an existing MongoDB.',
    );
  }
  log(`ferretdb: building the local database server with ${go.stdout.trim()} (once, ~1 min)…`);
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  const { modfile, work } = preparePatchedModule(cacheDir);
  const build = spawnSync('go', ['build', '-trimpath', `-modfile=${modfile}`, '-o', tmp, '.'], {
    cwd: here,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  rmSync(work, { recursive: true, force: true });
  if (build.status !== 0) {
    rmSync(tmp, { force: true });
    throw new SetupError(
      `building FerretDB failed (go build exited ${build.status}); see the output above, or set MONGODB_URL to an existing MongoDB.`,
    );
  }
  // Rename is atomic: a concurrent or interrupted build never leaves a half-written binary.
  renameSync(tmp, binary);
  return binary;
}

/**
 * Applies patches.json to FerretDB's sources. Go refuses overlays inside the module cache, so the
 * module as the proxy served it is copied beside the binary, patched there, and named by a
 * `replace` in a go.mod of its own (`go build -modfile`), leaving tools/ferretdb/go.mod and the
 * module cache untouched. A patch whose text is not found exactly once stops the build (the
 * upstream file changed and the patch must be looked at again). Returns the go.mod to build with.
 */
function preparePatchedModule(cacheDir) {
  const { module, patches } = JSON.parse(readFileSync(join(here, 'patches.json'), 'utf8'));
  const download = spawnSync('go', ['mod', 'download', '-json', module], {
    cwd: here,
    encoding: 'utf8',
  });
  const moduleDir = download.status === 0 ? JSON.parse(download.stdout).Dir : undefined;
  if (!moduleDir) {
    throw new SetupError(
      `cannot download ${module} from the Go module proxy (go mod download exited ${download.status}): ${download.stderr.trim()}`,
    );
  }
  // Per process: two builds at once (the API's and the web app's test set-up on a fresh clone)
  // must not patch or delete each other's copy.
  const work = join(cacheDir, `build-${process.pid}`);
  const source = join(work, 'src');
  rmSync(work, { recursive: true, force: true });
  try {
    // Copied file by file: the module cache's files and folders are read-only.
    for (const entry of readdirSync(moduleDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = join(entry.parentPath, entry.name);
      const to = join(source, relative(moduleDir, from));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, readFileSync(from));
    }
    for (const [i, patch] of patches.entries()) {
      const file = join(source, patch.file);
      const text = readFileSync(file, 'utf8');
      const found = text.split(patch.find).length - 1;
      if (found !== 1) {
        throw new SetupError(
          `tools/ferretdb/patches.json: expected the text of patch ${i + 1} once in ${patch.file}, found it ${found} times`,
        );
      }
      writeFileSync(file, text.replace(patch.find, patch.replace));
    }
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const modfile = join(work, 'go.mod');
  const goMod = readFileSync(join(here, 'go.mod'), 'utf8');
  // Quoted: go.mod splits an unquoted path at spaces (JSON's escapes are Go's).
  writeFileSync(modfile, `${goMod}\nreplace ${module} => ${JSON.stringify(source)}\n`);
  writeFileSync(join(work, 'go.sum'), readFileSync(join(here, 'go.sum')));
  return { modfile, work };
}

/** Resolves true when something accepts TCP connections on host:port. */
export function isListening(port, host = '127.0.0.1') {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts FerretDB on 127.0.0.1:port with its SQLite files in dataDir and resolves once it
 * accepts connections. The returned stop() ends it with SIGTERM.
 *
 * A server that dies afterwards is started again on the same port and files (at most five times
 * a run), so that the driver's retry reconnects: FerretDB 1.24's SQLite (modernc.org/sqlite)
 * can fault with SIGBUS while reading the WAL index under concurrent readers, a known rare
 * crash of that library; SQLite recovers the files at the next open.
 */
export async function startFerret({ port, dataDir, log = console.error, logLevel = 'error' }) {
  const binary = ensureFerretBinary({ log });
  if (await isListening(port)) {
    throw new SetupError(
      `port ${port} is already in use, so the local database cannot start: stop what listens there or set FERRETDB_PORT to a free port.`,
    );
  }
  mkdirSync(dataDir, { recursive: true });

  let stopping = false;
  let restarts = 0;
  let current = await launch();

  async function launch() {
    const child = spawn(
      binary,
      ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-log-level', logLevel],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
    });
    const state = { child, exited: null };
    child.once('exit', (code, signal) => {
      state.exited = { code, signal };
    });

    const deadline = Date.now() + 30_000;
    while (!(await isListening(port))) {
      if (state.exited) {
        throw new SetupError(
          `the local database server exited at start (${state.exited.code ?? state.exited.signal}): ${stderr.trim().split('\n').pop()}`,
        );
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new SetupError(
          `the local database server did not listen on port ${port} within 30 s.`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Stopped while this one was starting: end it too.
    if (stopping) child.kill('SIGTERM');
    let logged = 0;
    child.stderr.on('data', (chunk) => {
      // A crash prints every goroutine: the first lines say what happened.
      if (logged++ < 20) log(String(chunk).trimEnd());
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const fault = stderr.split('\n').find((line) => /fatal error|panic|signal/.test(line));
      if (restarts >= 5) {
        log(
          `ferretdb: the local database server stopped (${code ?? signal}) and is not restarted again.`,
        );
        return;
      }
      restarts += 1;
      log(
        `ferretdb: the local database server stopped (${code ?? signal}${fault ? `: ${fault.trim()}` : ''}); starting it again on port ${port}`,
      );
      launch().then(
        (next) => {
          current = next;
        },
        (error) => {
          log(`ferretdb: could not start the local database server again: ${error.message}`);
        },
      );
    });
    return state;
  }

  return {
    url: `mongodb://127.0.0.1:${port}/`,
    get pid() {
      return current.child.pid;
    },
    get child() {
      return current.child;
    },
    stop: () =>
      new Promise((done) => {
        stopping = true;
        const { child, exited } = current;
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
