export { solveAssignment } from './solve.js';
export type {
  AssignedPair,
  AssignmentResult,
  AssignmentStatus,
  ExpertLoad,
  FloorReport,
  OptimalityProof,
  SolveOptions,
  SolvePhase,
  SolveProgress,
  TargetLoad,
} from './solve.js';
export { greedyAssignment, pruneTopK } from './greedy.js';
export type { GreedyResult } from './greedy.js';
export { assignmentInputSchema, parseAssignmentInput } from './schema.js';
export type { AssignmentInput, AssignmentInputRaw, CandidatePair } from './schema.js';
export type { InfeasibilityCode, InfeasibilityReason } from './explain.js';
