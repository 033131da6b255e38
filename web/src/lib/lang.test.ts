import { describe, expect, it } from 'vitest';
import { chooseLang } from './lang';

describe('interface language', () => {
  it('defaults to Chinese', () => {
    expect(chooseLang(undefined, null)).toBe('zh');
    expect(chooseLang(undefined, 'fr-FR,fr;q=0.9')).toBe('zh');
  });

  it('follows an English browser unless the user chose otherwise', () => {
    expect(chooseLang(undefined, 'en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(chooseLang('zh', 'en-US')).toBe('zh');
    expect(chooseLang('en', 'zh-CN')).toBe('en');
  });
});
