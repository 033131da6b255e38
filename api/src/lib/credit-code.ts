// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-letter
// alphabet (no I, O, Z, S, V); characters 3–8 are the administrative division code; the 18th is
// a check character over the first 17 with weights 3^i mod 31.
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * (weights[i] ?? 0);
  }
  return alphabet[(31 - (sum % 31)) % 31] ?? null;
}

export type CreditCodeProblem = 'length' | 'charset' | 'division' | 'checksum';

/** Normalises (trim, upper case) and validates a credit code; returns the code or the problem. */
export function checkCreditCode(
  raw: string,
): { ok: true; code: string } | { ok: false; problem: CreditCodeProblem } {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, problem: 'length' };
  for (const char of code) if (!alphabet.includes(char)) return { ok: false, problem: 'charset' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, problem: 'division' };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17])
    return { ok: false, problem: 'checksum' };
  return { ok: true, code };
}

const problemMessages: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为 18 位 / must be 18 characters',
  charset:
    '统一社会信用代码含有无效字符（不使用 I、O、Z、S、V） / has a character outside its alphabet',
  division: '统一社会信用代码第 3–8 位应为行政区划代码 / characters 3–8 must be a division code',
  checksum: '统一社会信用代码校验位不正确 / the check character is wrong',
};

export function creditCodeMessage(problem: CreditCodeProblem): string {
  return problemMessages[problem];
}
