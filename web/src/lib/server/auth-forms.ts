import { z } from 'zod';

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(128),
});

export const SignUpSchema = z.object({
  name: z.string().trim().min(1).max(50),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(10).max(128),
});

export function formValues(form: FormData, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = form.get(key);
      return [key, typeof value === 'string' ? value : ''];
    }),
  );
}

/** Where to go after signing in: a path on this site from ?redirectTo=, or the home page. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return '/';
  return target;
}
