import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import { publishedStatuses } from '../features/access/policy.js';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { OrganisationDoc } from '../features/organisations/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import { fieldLabel } from '../features/taxonomy/index.js';

// How store records become search documents. Only what every reader who can find a document may
// read goes in: confidential descriptions, contact details and drafts never reach an index.

/** Both languages' labels of field codes, so a Chinese or English query matches a field. */
export function fieldLabels(codes: readonly string[]): string[] {
  return codes.flatMap((code) =>
    [fieldLabel(code, 'zh'), fieldLabel(code, 'en')].filter((l): l is string => Boolean(l)),
  );
}

/** What the index needs besides the expert record, computed when the document is pushed. */
export interface ExpertDerived {
  activeEngagements: number;
  solvedCount: number;
  declinedCount?: number;
  /** Solved problems, latest first; private ones without their title. */
  solved?: { id: string; title?: string; fields: string[] }[];
  declinedProblemIds?: string[];
  engagedProblemIds?: string[];
  university?: OrganisationDoc | null;
}

export function toExpertSearchDoc(doc: ExpertDoc, derived: ExpertDerived): ExpertSearchDoc {
  const town = derived.university?.town;
  return {
    id: doc._id,
    name: doc.name,
    title: doc.title,
    organisationId: doc.organisationId,
    university: doc.universityName,
    ...(town ? { town } : {}),
    fields: doc.fields,
    fieldLabels: fieldLabels(doc.fields),
    keywords: doc.keywords,
    publicationTitles: doc.publications.map((p) => p.title),
    // Aligned with the titles, so that matching can pair them; '' indexes nothing.
    publicationAbstracts: doc.publications.map((p) => p.abstract ?? ''),
    publicationYears: doc.publications.map((p) => p.year),
    patentTitles: doc.patents.map((p) => p.title),
    projectTitles: doc.projects.map((p) => p.title),
    projectSummaries: doc.projects.map((p) => p.summary ?? ''),
    bio: doc.bio,
    available: doc.available,
    verified: doc.verification === 'verified',
    capacity: doc.capacity,
    remainingCapacity: Math.max(0, doc.capacity - derived.activeEngagements),
    solvedCount: derived.solvedCount,
    declinedCount: derived.declinedCount ?? 0,
    solved: (derived.solved ?? []).slice(0, 20),
    declinedProblemIds: derived.declinedProblemIds ?? [],
    engagedProblemIds: derived.engagedProblemIds ?? [],
    updatedAt: doc.updatedAt.getTime(),
    rev: doc.rev,
  };
}

/** Drafts and withdrawn problems are read only by their company and the office: not indexed. */
export function isIndexable(doc: Pick<ProblemDoc, 'status'>): boolean {
  return (publishedStatuses as readonly string[]).includes(doc.status);
}

/**
 * A published problem as the index holds it. The description goes in only when the problem is
 * public; a summary-only or private problem is findable by its title, summary and keywords, and
 * the search routes filter private ones to their parties.
 */
export function toProblemSearchDoc(
  doc: ProblemDoc,
  company: OrganisationDoc | null | undefined,
): ProblemSearchDoc {
  const deadline = doc.deadline?.getTime();
  const budgetMax = doc.budget?.max.amountFen;
  return {
    id: doc._id,
    title: doc.title,
    summary: doc.summary,
    ...(doc.confidentiality === 'public'
      ? { description: doc.description, desiredOutcome: doc.desiredOutcome }
      : {}),
    keywords: doc.keywords,
    fields: doc.fields,
    fieldLabels: fieldLabels(doc.fields),
    companyId: doc.companyId,
    companyName: company?.name ?? doc.companyName,
    town: company?.town ?? doc.town ?? '',
    industry: company?.industry ?? doc.industry ?? '',
    status: doc.status,
    confidentiality: doc.confidentiality,
    publishedAt: (doc.openedAt ?? doc.createdAt).getTime(),
    ...(deadline === undefined ? {} : { deadline }),
    ...(budgetMax === undefined ? {} : { budgetMax }),
    rev: doc.rev,
  };
}
