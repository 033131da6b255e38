import type { SubmitFunction } from '@sveltejs/kit';
import { toast } from 'svelte-sonner';
import { m } from '$lib/paraglide/messages';

function messageOf(data: unknown): string | undefined {
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string')
    return data.message;
  return undefined;
}

/**
 * `use:enhance={toasting(m.saved)}`: the form updates the page as plain `use:enhance` would, and
 * its result becomes a toast — the success text given, the action's own message on a failure
 * (which the page also shows inline, so nothing depends on the toast), a generic one on an error.
 */
export function toasting(success: () => string = m.toast_done): SubmitFunction {
  return () =>
    async ({ result, update }) => {
      await update();
      if (result.type === 'success') toast.success(messageOf(result.data) ?? success());
      else if (result.type === 'failure') toast.error(messageOf(result.data) ?? m.toast_failed());
      else if (result.type === 'error') toast.error(messageOf(result.error) ?? m.error_server());
    };
}
