import type { ExpertSearchDoc, IndexName, IndexSettings, SearchDocs } from '@jiedui/search-config';
import type {
  ExpertsForProblemReply,
  ExpertsForProblemRequest,
  ProblemsForExpertReply,
  ProblemsForExpertRequest,
} from '../matching/plan.js';
import type { PairText } from '../matching/text-evidence.js';
import type { SearchResult } from './engine.js';
import type { ResolvedQuery } from './validate.js';

// Messages between the embedded adapter (main thread) and its worker. Input is validated on the
// main thread before it is posted, so the worker trusts what it receives.

type Doc = SearchDocs[IndexName];

export type WorkerRequest =
  | { op: 'ping' }
  | { op: 'applySettings'; index: IndexName; dictionary: string[] }
  | { op: 'upsert'; index: IndexName; docs: Doc[] }
  | { op: 'remove'; index: IndexName; ids: string[] }
  | { op: 'search'; queries: ResolvedQuery[] }
  | { op: 'count'; index: IndexName }
  | { op: 'rebuildStart'; index: IndexName }
  | { op: 'rebuildBatch'; token: string; docs: Doc[] }
  | { op: 'rebuildCommit'; token: string }
  | { op: 'rebuildAbort'; token: string }
  | { op: 'text'; request: TextRequest }
  | { op: 'textPending' }
  | { op: 'match'; request: MatchRequest }
  /** A match in two halves: the engine queries while the caller scans the vector index, then
   * the rest with its nearest records (the worker keeps the first half). */
  | { op: 'matchStart'; token: number; request: MatchRequest }
  | { op: 'matchFinish'; token: number; semantic: string[] };

/** A whole match's candidate side in one message (embedded-match.ts). */
export type MatchRequest =
  | ({ kind: 'expertsForProblem' } & ExpertsForProblemRequest)
  | ({ kind: 'problemsForExpert' } & ProblemsForExpertRequest);

export type MatchReply = ExpertsForProblemReply | ProblemsForExpertReply;

/** The matcher's text questions, answered from the terms the worker keeps (term-store.ts). */
export type TextRequest =
  | { kind: 'topTerms'; text: string; count: number }
  | { kind: 'expertDoc'; expertId: string }
  | {
      kind: 'expertQueries';
      expertId: string;
      counts: { profile: number; publications: number; perPublication: number };
    }
  | { kind: 'forProblem'; text: string; expertIds: string[] }
  | { kind: 'forExpert'; expertId: string; problems: { id: string; text?: string }[] };

export type TextReply =
  | string[]
  | ExpertSearchDoc
  | { profile: string[]; publications: string[][] }
  | Record<string, PairText>
  | null;

export interface WorkerResults {
  ping: null;
  applySettings: null;
  upsert: null;
  remove: null;
  search: SearchResult[];
  count: number;
  rebuildStart: string;
  rebuildBatch: null;
  rebuildCommit: number;
  rebuildAbort: null;
  text: TextReply;
  textPending: number;
  match: MatchReply;
  matchStart: null;
  matchFinish: MatchReply;
}

export interface WorkerEnvelope {
  id: number;
  request: WorkerRequest;
}

export type WorkerReply =
  | { id: number; ok: true; result: WorkerResults[keyof WorkerResults] }
  | { id: number; ok: false; message: string };

export interface WorkerData {
  settings: Record<IndexName, IndexSettings>;
}
