import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar } from './credit-code.js';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published codes and normalises case and spaces', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkCreditCode(' 91110000802100433b ')).toEqual({
      ok: true,
      code: '91110000802100433B',
    });
  });

  it('computes the check character over the first 17 characters', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('9135010OM000100Y4')).toBeNull();
  });

  it('names what is wrong with a bad code', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, problem: 'length' });
    expect(checkCreditCode('91350100M000100Y4I')).toEqual({ ok: false, problem: 'charset' });
    expect(checkCreditCode('9135A100M000100Y43')).toEqual({ ok: false, problem: 'division' });
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, problem: 'checksum' });
  });
});
