// The texts that get embedded, one definition for the background embedder, the matcher and the
// evaluation: an expert is a profile text plus one text per publication; a problem is the text
// its reader may see (the matcher passes what the policy allows), chunked by sentences.

export interface ExpertTextSource {
  fields: readonly string[];
  keywords: readonly string[];
  bio: string;
  patents: readonly { title: string }[];
  projects: readonly { title: string; summary?: string | undefined }[];
  /** Field names in both languages (search/documents.ts fieldLabels), when the caller has them. */
  fieldLabels?: readonly string[];
}

export function expertProfileText(expert: ExpertTextSource): string {
  return [
    expert.keywords.join('；'),
    ...(expert.fieldLabels ?? []),
    expert.bio,
    ...expert.patents.map((p) => p.title),
    ...expert.projects.flatMap((p) => [p.title, p.summary ?? '']),
  ]
    .filter((s) => s.trim().length > 0)
    .join('\n');
}

export function publicationText(publication: { title: string; abstract?: string | undefined }) {
  return [publication.title, publication.abstract ?? ''].filter(Boolean).join('\n');
}

export interface ProblemTextSource {
  title: string;
  summary?: string | undefined;
  description?: string | undefined;
  desiredOutcome?: string | undefined;
  keywords: readonly string[];
  fieldLabels?: readonly string[];
}

export function problemText(problem: ProblemTextSource): string {
  return [
    problem.title,
    problem.summary ?? '',
    problem.description ?? '',
    problem.desiredOutcome ?? '',
    problem.keywords.join('；'),
    ...(problem.fieldLabels ?? []),
  ]
    .filter((s) => s.trim().length > 0)
    .join('\n');
}
