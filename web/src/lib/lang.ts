export type Lang = 'zh' | 'en';

/** The interface language: the saved choice first, then the browser's, Chinese by default. */
export function chooseLang(saved: string | undefined, acceptLanguage: string | null): Lang {
  if (saved === 'zh' || saved === 'en') return saved;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
