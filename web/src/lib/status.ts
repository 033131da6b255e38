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
