import { parentPort, workerData } from 'node:worker_threads';
import { indexNames, type IndexName, type ProblemSearchDoc } from '@jiedui/search-config';
import { createEmbeddedIndex, type EmbeddedIndex } from './embedded-index.js';
import {
  expertsForProblem,
  finishExpertsForProblem,
  finishProblemsForExpert,
  problemsForExpert,
  startExpertsForProblem,
  startProblemsForExpert,
  type ExpertsForProblemStarted,
  type MatchSources,
  type ProblemsForExpertStarted,
} from './embedded-match.js';
import { visibleProblems } from '../matching/plan.js';
import type {
  MatchReply,
  MatchRequest,
  TextReply,
  TextRequest,
  WorkerData,
  WorkerEnvelope,
  WorkerReply,
  WorkerRequest,
  WorkerResults,
} from './embedded-protocol.js';
import { createSegmenter } from './segment.js';
import { createTermStore } from './term-store.js';

// The embedded engine's worker: both indexes live here, so a heavy search or a rebuild batch
// blocks this thread, never the HTTP event loop. One worker for both indexes because they share
// the jieba dictionary (the largest piece of memory) and the user words added to it.

const { settings } = workerData as WorkerData;
const segmenter = createSegmenter({
  stopWords: indexNames.flatMap((name) => settings[name].stopWords),
  words: indexNames.flatMap((name) => settings[name].dictionary),
});

const indexes = new Map<IndexName, EmbeddedIndex>();
const terms = createTermStore();
let working = false;

// Terms are computed between messages, a few milliseconds at a time.
function scheduleTerms(): void {
  if (working || terms.pending() === 0) return;
  working = true;
  setImmediate(() => {
    working = false;
    if (terms.work(8)) scheduleTerms();
  });
}

function text(request: TextRequest): TextReply {
  switch (request.kind) {
    case 'topTerms':
      return terms.topTerms(request.text, request.count);
    case 'expertDoc':
      return terms.expertDoc(request.expertId) ?? null;
    case 'expertQueries':
      return terms.expertQueries(request.expertId, request.counts) ?? null;
    case 'forProblem':
      return terms.forProblem(request.text, request.expertIds);
    case 'forExpert':
      return terms.forExpert(request.expertId, request.problems);
  }
}
// The live problem documents by id, for a match's candidates that no query of it returned. The
// documents are those the index and the term store hold already: this adds one reference each.
const problems = new Map<string, ProblemSearchDoc>();

function trackProblems(docs: readonly unknown[], replace = false): void {
  if (replace) problems.clear();
  for (const doc of docs as ProblemSearchDoc[]) problems.set(doc.id, doc);
}

const matchSources: MatchSources = {
  search: (query) => live(query.index).search(query),
  terms,
  problem: (id) => problems.get(id),
};

function match(request: MatchRequest): MatchReply {
  switch (request.kind) {
    case 'expertsForProblem':
      return expertsForProblem(matchSources, request);
    case 'problemsForExpert':
      return problemsForExpert(matchSources, request);
  }
}

// First halves of matches awaiting their second message. The caller always sends it (with an
// empty list when it has none); a few are kept at most, should a caller die in between.
type Started =
  | { kind: 'expertsForProblem'; first: ExpertsForProblemStarted }
  | { kind: 'problemsForExpert'; first: ProblemsForExpertStarted };
const started = new Map<number, Started>();

function start(request: MatchRequest): Started {
  switch (request.kind) {
    case 'expertsForProblem':
      return { kind: request.kind, first: startExpertsForProblem(matchSources, request) };
    case 'problemsForExpert':
      return { kind: request.kind, first: startProblemsForExpert(matchSources, request) };
  }
}

function finish(half: Started, semantic: readonly string[]): MatchReply {
  switch (half.kind) {
    case 'expertsForProblem':
      return finishExpertsForProblem(matchSources, half.first, semantic);
    case 'problemsForExpert':
      return finishProblemsForExpert(matchSources, half.first, semantic);
  }
}
const maxStarted = 16;

const staged = new Map<string, { index: IndexName; built: EmbeddedIndex }>();
let nextToken = 0;

function fresh(index: IndexName): EmbeddedIndex {
  // The problems a match may suggest get their own text index (see hotFilter).
  return createEmbeddedIndex(
    settings[index],
    segmenter,
    index === 'problems' ? { hotFilter: visibleProblems } : {},
  );
}

function live(index: IndexName): EmbeddedIndex {
  let current = indexes.get(index);
  if (!current) {
    current = fresh(index);
    indexes.set(index, current);
  }
  return current;
}

function stagedBuild(token: string) {
  const build = staged.get(token);
  if (!build) throw new Error(`no rebuild in progress with token ${token}`);
  return build;
}

function handle(request: WorkerRequest): WorkerResults[keyof WorkerResults] {
  switch (request.op) {
    case 'ping':
      return null;
    case 'applySettings': {
      segmenter.addWords([...settings[request.index].dictionary, ...request.dictionary]);
      // Synonyms and the dictionary shape the analysed terms: re-segment what is indexed.
      const rebuilt = fresh(request.index);
      rebuilt.upsert([...live(request.index).documents()]);
      indexes.set(request.index, rebuilt);
      return null;
    }
    case 'upsert':
      live(request.index).upsert(request.docs);
      terms.put(request.index, request.docs);
      if (request.index === 'problems') trackProblems(request.docs);
      scheduleTerms();
      return null;
    case 'remove':
      live(request.index).remove(request.ids);
      terms.remove(request.index, request.ids);
      if (request.index === 'problems') for (const id of request.ids) problems.delete(id);
      return null;
    case 'search':
      return request.queries.map((query) => live(query.index).search(query));
    case 'count':
      return live(request.index).count();
    case 'rebuildStart': {
      const token = `rebuild-${nextToken++}`;
      staged.set(token, { index: request.index, built: fresh(request.index) });
      return token;
    }
    case 'rebuildBatch':
      stagedBuild(request.token).built.upsert(request.docs);
      return null;
    case 'rebuildCommit': {
      const { index, built } = stagedBuild(request.token);
      staged.delete(request.token);
      indexes.set(index, built);
      terms.replace(index, built.documents());
      if (index === 'problems') trackProblems([...built.documents()], true);
      scheduleTerms();
      return built.count();
    }
    case 'rebuildAbort':
      staged.delete(request.token);
      return null;
    case 'text':
      return text(request.request);
    case 'textPending':
      return terms.pending();
    case 'match':
      return match(request.request);
    case 'matchStart':
      if (started.size >= maxStarted) started.delete(started.keys().next().value ?? -1);
      started.set(request.token, start(request.request));
      return null;
    case 'matchFinish': {
      const half = started.get(request.token);
      if (!half) throw new Error(`no match started with token ${request.token}`);
      started.delete(request.token);
      return finish(half, request.semantic);
    }
  }
}

parentPort?.on('message', ({ id, request }: WorkerEnvelope) => {
  let reply: WorkerReply;
  try {
    reply = { id, ok: true, result: handle(request) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
