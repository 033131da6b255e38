import { m } from '$lib/paraglide/messages';

const problemStatus = {
  draft: m.status_draft,
  open: m.status_open,
  in_progress: m.status_in_progress,
  solved: m.status_solved,
  closed: m.status_closed,
  withdrawn: m.status_withdrawn,
} as const;

export function problemStatusLabel(status: keyof typeof problemStatus): string {
  return problemStatus[status]();
}

const engagementStatus = {
  invited: m.engagement_invited,
  interested: m.engagement_interested,
  accepted: m.engagement_accepted,
  declined: m.engagement_declined,
  active: m.engagement_active,
  solved: m.engagement_solved,
  abandoned: m.engagement_abandoned,
} as const;

export function engagementStatusLabel(status: keyof typeof engagementStatus): string {
  return engagementStatus[status]();
}

/** Yuan in 万元 (10k) from a form field to integer fen. */
export function wanToFen(value: string): number {
  const wan = Number(value.replace(/[,，\s]/g, ''));
  return Number.isFinite(wan) && wan >= 0 ? Math.round(wan * 1_000_000) : Number.NaN;
}
