import type { FieldCode } from '../../taxonomy/index.js';
import type { Rng } from './rng.js';
import { lexiconOf, groupLexicon, fill } from './text-kit.js';

const patentAdjectives = [
  '高精度',
  '智能',
  '低成本',
  '节能型',
  '可调式',
  '高效',
  '便携式',
  '模块化',
];

const patentTitles = [
  '一种{object}的{kind}',
  '一种基于{m1}的{object}{kind}',
  '一种用于{object}的{m1}{kind}',
  '一种{adjective}{object}{kind}',
  '一种{object}{metric}的{detect}',
  '一种结合{m1}与{m2}的{object}{kind}',
] as const;

const detectKinds = ['检测方法', '在线监测装置', '测量装置', '评价方法'];

export interface Patent {
  readonly title: string;
  readonly type: 'invention' | 'utility-model';
  /** Chinese grant number, e.g. ZL202310123456.7 (the check digit is computed, not random). */
  readonly number: string;
  readonly year: number;
  readonly field: FieldCode;
}

// Chinese application numbers end in a check digit: weights 2–9, 2–5 over the 12 digits, mod 11.
function patentNumber(rng: Rng, year: number, type: Patent['type']): string {
  const body = `${year}${type === 'invention' ? 1 : 2}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body.charAt(i)) * (weights[i] ?? 0);
  const check = sum % 11;
  return `ZL${body}.${check === 10 ? 'X' : String(check)}`;
}

export function patent(
  rng: Rng,
  field: FieldCode,
  years: readonly [from: number, to: number] = [2014, 2025],
): Patent {
  const { leaf, groupCode } = lexiconOf(field);
  const group = groupLexicon(groupCode);
  const [m1 = '', m2 = ''] = rng.sample(leaf.methods, 2);
  const metric = rng.pick(leaf.metrics);
  const title = fill(rng.pick(patentTitles), {
    object: rng.pick(leaf.objects)[0],
    kind: rng.pick(group.patentKinds),
    adjective: rng.pick(patentAdjectives),
    detect: rng.pick(detectKinds),
    metric: metric[0],
    m1,
    m2,
  });
  // A utility model protects a shape or structure, never a method.
  const type = title.includes('方法') || rng.chance(0.6) ? 'invention' : 'utility-model';
  const year = rng.int(years[0], years[1]);
  return { title, type, number: patentNumber(rng, year, type), year, field };
}
