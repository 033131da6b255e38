import type { Rng } from './rng.js';

export type Gender = 'male' | 'female';

export interface PersonName {
  /** Surname then given name, no space: 陈志远. */
  readonly name: string;
  readonly surname: string;
  readonly gender: Gender;
}

// Weights roughly follow surname frequency in Zhejiang (王 陈 张 李 徐 lead; 沈 钱 俞 姚 are
// far more common here than nationally). A few compound surnames keep the long tail honest.
const surnames: readonly (readonly [string, number])[] = [
  ['王', 80],
  ['陈', 75],
  ['张', 55],
  ['李', 50],
  ['徐', 35],
  ['吴', 32],
  ['周', 30],
  ['杨', 26],
  ['沈', 24],
  ['朱', 24],
  ['金', 20],
  ['钱', 16],
  ['胡', 18],
  ['黄', 18],
  ['刘', 22],
  ['叶', 16],
  ['孙', 15],
  ['方', 14],
  ['潘', 14],
  ['俞', 13],
  ['姚', 13],
  ['蒋', 12],
  ['郑', 12],
  ['许', 12],
  ['何', 11],
  ['林', 11],
  ['汪', 10],
  ['邵', 9],
  ['余', 9],
  ['赵', 10],
  ['马', 8],
  ['顾', 8],
  ['吕', 8],
  ['丁', 7],
  ['曹', 7],
  ['褚', 5],
  ['费', 5],
  ['范', 7],
  ['严', 6],
  ['陆', 8],
  ['施', 7],
  ['蔡', 7],
  ['夏', 6],
  ['郭', 7],
  ['高', 7],
  ['谢', 6],
  ['韩', 5],
  ['唐', 6],
  ['冯', 6],
  ['董', 6],
  ['程', 5],
  ['袁', 5],
  ['邱', 5],
  ['傅', 5],
  ['毛', 5],
  ['应', 5],
  ['项', 4],
  ['楼', 4],
  ['章', 5],
  ['倪', 4],
  ['戴', 4],
  ['卢', 4],
  ['宋', 5],
  ['梁', 4],
  ['欧阳', 1],
  ['司马', 0.5],
  ['诸葛', 0.5],
];

const maleChars =
  '伟 强 磊 军 杰 涛 明 斌 超 勇 浩 鹏 俊 峰 辉 建 华 国 志 文 宇 晨 凯 翔 立 锋 波 晓 东 海 林 永 思 昊 宏 振 博 亮 刚 彬 健 毅 坤 琦 鑫 骏 晖 哲 铭 锦'.split(
    ' ',
  );
const femaleChars =
  '芳 娜 敏 静 丽 艳 婷 玲 燕 霞 雪 慧 颖 琳 倩 洁 晶 莉 佳 萍 红 梅 丹 雯 瑶 璐 欣 悦 怡 蕾 琴 霏 琪 蓉 露 岚 媛 婧 薇'.split(
    ' ',
  );
const neutralChars = '文 华 明 晓 宇 清 一 子 安 然 嘉 之 睿 云 思 雨'.split(' ');

/** A Chinese person's name; femaleShare is the probability of a female name. */
export function personName(rng: Rng, femaleShare = 0.5): PersonName {
  const surname = rng.weighted(surnames);
  const gender: Gender = rng.chance(femaleShare) ? 'female' : 'male';
  const own = gender === 'female' ? femaleChars : maleChars;
  const char = () => (rng.chance(0.2) ? rng.pick(neutralChars) : rng.pick(own));
  let given = char();
  if (rng.chance(0.75)) {
    let second = char();
    while (second === given) second = rng.pick(own);
    given += second;
  }
  return { name: surname + given, surname, gender };
}

export interface AcademicTitle {
  readonly zh: string;
  readonly en: string;
  /** Share among the experts a university puts forward for industry cooperation. */
  readonly share: number;
  /** Usual range of concurrent company engagements. */
  readonly capacity: readonly [min: number, max: number];
}

// Senior staff dominate industry programmes: universities nominate full and associate
// professors first; 研究员 / 高级工程师 come from institutes and engineering centres.
export const academicTitles: readonly AcademicTitle[] = [
  { zh: '教授', en: 'Professor', share: 30, capacity: [2, 5] },
  { zh: '副教授', en: 'Associate Professor', share: 36, capacity: [2, 4] },
  { zh: '研究员', en: 'Research Professor', share: 8, capacity: [2, 5] },
  { zh: '高级工程师', en: 'Senior Engineer', share: 10, capacity: [1, 4] },
  { zh: '讲师', en: 'Lecturer', share: 16, capacity: [1, 3] },
];

export function academicTitle(rng: Rng): AcademicTitle {
  return rng.weighted(academicTitles.map((title): [AcademicTitle, number] => [title, title.share]));
}
