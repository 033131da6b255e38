/** A form field as a trimmed string ('' when absent or a file). */
export function text(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === 'string' ? value.trim() : '';
}

/** A comma-separated field (Chinese or Latin commas) as a list. */
export function list(form: FormData, key: string): string[] {
  return text(form, key)
    .split(/[,，、;；]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Every value of a repeated field (checkboxes, multi-selects). */
export function all(form: FormData, key: string): string[] {
  return form
    .getAll(key)
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

interface Envelope {
  error?: { message?: string; details?: { fieldErrors?: Record<string, string[] | undefined> } };
}

/** The message and per-field errors of an API error envelope. */
export async function apiErrors(
  res: Response,
): Promise<{ message: string; fields: Record<string, string> }> {
  let body: Envelope = {};
  try {
    body = (await res.json()) as Envelope;
  } catch {
    // Not an envelope: keep the generic message.
  }
  const fields: Record<string, string> = {};
  for (const [key, messages] of Object.entries(body.error?.details?.fieldErrors ?? {})) {
    if (messages?.[0]) fields[key] = messages[0];
  }
  return { message: body.error?.message ?? `HTTP ${res.status}`, fields };
}
