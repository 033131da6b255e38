import type { LocalizedText } from '../../lib/errors.js';
import type { Lang } from '../../lib/i18n.js';
import type { RowError } from './cells.js';

// The columns of the import files, the templates and the exports: one list per entity, so that
// an export can be imported again. Headers are bilingual ("邮箱 email"); a file may also use
// either half alone.

export const importEntities = ['organisations', 'experts', 'problems'] as const;
export type ImportEntity = (typeof importEntities)[number];

export interface Column {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  /** Written by exports only; an import ignores it. */
  exportOnly?: boolean;
  example: string;
  hint: LocalizedText;
}

const list = { zh: '多个用分号或顿号分隔', en: 'several separated by ; or 、' };

export const columns: Record<ImportEntity, Column[]> = {
  organisations: [
    {
      key: 'creditCode',
      zh: '统一社会信用代码',
      en: 'creditCode',
      required: true,
      example: '91330521MA2B3C4D5Q',
      hint: { zh: '18 位，导入时据此识别同一机构', en: '18 characters; identifies the record' },
    },
    {
      key: 'name',
      zh: '名称',
      en: 'name',
      required: true,
      example: '德清恒泰精密机械有限公司',
      hint: { zh: '2–100 字', en: '2–100 characters' },
    },
    {
      key: 'kind',
      zh: '类型',
      en: 'kind',
      required: true,
      example: '企业',
      hint: {
        zh: '高校、科研院所、企业或人才办',
        en: 'university, institute, company or office',
      },
    },
    {
      key: 'nameEn',
      zh: '英文名称',
      en: 'nameEn',
      example: 'Deqing Hengtai Precision Machinery Co., Ltd.',
      hint: { zh: '可选', en: 'optional' },
    },
    {
      key: 'town',
      zh: '镇街',
      en: 'town',
      example: '乾元镇',
      hint: { zh: '所在镇（街道）', en: 'town or sub-district' },
    },
    {
      key: 'industry',
      zh: '行业',
      en: 'industry',
      example: '装备制造',
      hint: { zh: '企业所属行业', en: "the company's industry" },
    },
    {
      key: 'colleges',
      zh: '学院',
      en: 'colleges',
      example: '',
      hint: { zh: `高校或院所的学院，${list.zh}`, en: `colleges of a university, ${list.en}` },
    },
    exportOnly('id', '编号'),
    exportOnly('verification', '审核状态'),
    exportOnly('createdAt', '登记时间'),
  ],
  experts: [
    {
      key: 'email',
      zh: '邮箱',
      en: 'email',
      required: true,
      example: 'zhang.wei@zjut.edu.cn',
      hint: { zh: '导入时据此识别同一专家', en: 'identifies the record' },
    },
    {
      key: 'name',
      zh: '姓名',
      en: 'name',
      required: true,
      example: '张伟',
      hint: { zh: '2–50 字', en: '2–50 characters' },
    },
    {
      key: 'organisationCreditCode',
      zh: '单位统一社会信用代码',
      en: 'organisationCreditCode',
      required: true,
      example: '12330000470003233J',
      hint: {
        zh: '所在高校或院所的代码（须已在平台登记）',
        en: 'code of the university or institute, already registered',
      },
    },
    {
      key: 'title',
      zh: '职称',
      en: 'title',
      example: '教授',
      hint: { zh: '可选', en: 'optional' },
    },
    {
      key: 'college',
      zh: '学院',
      en: 'college',
      example: '机械工程学院',
      hint: { zh: '可选', en: 'optional' },
    },
    {
      key: 'phone',
      zh: '电话',
      en: 'phone',
      example: '13905720000',
      hint: { zh: '手机或座机', en: 'mobile or landline' },
    },
    {
      key: 'fields',
      zh: '领域',
      en: 'fields',
      required: true,
      example: '模具与成型工艺；高分子材料与改性',
      hint: { zh: `领域代码或名称，${list.zh}`, en: `field codes or names, ${list.en}` },
    },
    {
      key: 'keywords',
      zh: '关键词',
      en: 'keywords',
      example: '注塑；模流分析；缩痕',
      hint: { zh: `最多 20 个，${list.zh}`, en: `up to 20, ${list.en}` },
    },
    {
      key: 'bio',
      zh: '简介',
      en: 'bio',
      example: '长期从事注塑成型与模具设计研究。',
      hint: { zh: '可选', en: 'optional' },
    },
    {
      key: 'capacity',
      zh: '对接容量',
      en: 'capacity',
      example: '3',
      hint: { zh: '同时对接的企业数，默认 3', en: 'concurrent engagements, default 3' },
    },
    {
      key: 'available',
      zh: '可对接',
      en: 'available',
      example: '是',
      hint: { zh: '是或否，默认是', en: 'yes or no, default yes' },
    },
    {
      key: 'publications',
      zh: '论文',
      en: 'publications',
      example: '2023 | 基于模流分析的注塑件缩痕控制研究 | 塑料工业 | 针对汽车内饰件缩痕问题……',
      hint: {
        zh: '一行一篇：年份 | 题目 | 期刊 | 摘要（期刊、摘要可省）',
        en: 'one per line: year | title | venue | abstract (venue and abstract optional)',
      },
    },
    {
      key: 'patents',
      zh: '专利',
      en: 'patents',
      example: '2021 | 一种注塑模具随形冷却装置 | ZL202120123456.7',
      hint: { zh: '一行一项：年份 | 名称 | 专利号', en: 'one per line: year | title | number' },
    },
    {
      key: 'projects',
      zh: '项目',
      en: 'projects',
      example: '2022 | 汽车内饰件注塑工艺优化 | 企业委托横向项目',
      hint: { zh: '一行一项：年份 | 名称 | 简介', en: 'one per line: year | title | summary' },
    },
    exportOnly('id', '编号'),
    exportOnly('universityName', '单位'),
    exportOnly('verification', '审核状态'),
  ],
  problems: [
    {
      key: 'externalId',
      zh: '外部编号',
      en: 'externalId',
      required: true,
      example: 'DQ-2026-0001',
      hint: {
        zh: '人才办自己的编号，全平台唯一，导入时据此识别同一难题',
        en: "the office's own number, unique; identifies the record",
      },
    },
    {
      key: 'companyCreditCode',
      zh: '企业统一社会信用代码',
      en: 'companyCreditCode',
      required: true,
      example: '91330521MA2B3C4D5Q',
      hint: { zh: '提出难题的企业（须已在平台登记）', en: 'the company, already registered' },
    },
    {
      key: 'title',
      zh: '标题',
      en: 'title',
      required: true,
      example: '注塑件表面缩痕问题亟待解决',
      hint: { zh: '4–80 字', en: '4–80 characters' },
    },
    {
      key: 'summary',
      zh: '摘要',
      en: 'summary',
      example: '汽车内饰注塑件出现缩痕，良品率仅 82%，希望提升到 97% 以上。',
      hint: { zh: '不超过 300 字，对所有人可见', en: 'up to 300 characters, visible to all' },
    },
    {
      key: 'description',
      zh: '描述',
      en: 'description',
      required: true,
      example: '我司生产的汽车内饰件在保压阶段出现明显缩痕，已尝试调整保压时间和模温，效果有限。',
      hint: { zh: '10–5000 字', en: '10–5000 characters' },
    },
    {
      key: 'fields',
      zh: '领域',
      en: 'fields',
      required: true,
      example: '高分子材料与改性',
      hint: { zh: `1–5 个领域代码或名称，${list.zh}`, en: `1–5 field codes or names, ${list.en}` },
    },
    {
      key: 'keywords',
      zh: '关键词',
      en: 'keywords',
      example: '注塑；缩痕',
      hint: { zh: list.zh, en: list.en },
    },
    {
      key: 'desiredOutcome',
      zh: '期望成果',
      en: 'desiredOutcome',
      example: '给出工艺参数优化方案并现场验证',
      hint: { zh: '可选', en: 'optional' },
    },
    {
      key: 'budgetMinWan',
      zh: '预算下限（万元）',
      en: 'budgetMinWan',
      example: '5',
      hint: { zh: '与上限同填或同空', en: 'give both bounds or neither' },
    },
    {
      key: 'budgetMaxWan',
      zh: '预算上限（万元）',
      en: 'budgetMaxWan',
      example: '20',
      hint: { zh: '与下限同填或同空', en: 'give both bounds or neither' },
    },
    {
      key: 'deadline',
      zh: '截止日期',
      en: 'deadline',
      example: '2027-06-30',
      hint: { zh: 'YYYY-MM-DD', en: 'YYYY-MM-DD' },
    },
    {
      key: 'confidentiality',
      zh: '保密级别',
      en: 'confidentiality',
      example: '仅摘要',
      hint: {
        zh: '公开、仅摘要或保密，默认仅摘要',
        en: 'public, summary or private; default summary',
      },
    },
    exportOnly('id', '编号'),
    exportOnly('companyName', '企业'),
    exportOnly('status', '状态'),
    exportOnly('createdAt', '登记时间'),
  ],
};

function exportOnly(key: string, zh: string): Column {
  return {
    key,
    zh,
    en: key,
    exportOnly: true,
    example: '',
    hint: { zh: '仅导出，导入时忽略', en: 'export only; ignored on import' },
  };
}

export const header = (column: Column) => `${column.zh} ${column.en}`;

export function columnLabel(entity: ImportEntity, key: string): string {
  const column = columns[entity].find((candidate) => candidate.key === key);
  return column ? header(column) : key;
}

const normaliseHeader = (text: string) =>
  text.normalize('NFKC').replace(/[*＊]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Finds each column in a file's header row. A header may be the bilingual text of the template
 * or either half of it. Missing required columns and unknown columns are errors on row 1.
 */
export function matchHeader(
  entity: ImportEntity,
  headerRow: readonly string[],
): { positions: Map<string, number>; errors: RowError[] } {
  const known = new Map<string, Column>();
  for (const column of columns[entity]) {
    for (const text of [header(column), column.zh, column.en]) {
      known.set(normaliseHeader(text), column);
    }
  }
  const positions = new Map<string, number>();
  const errors: RowError[] = [];
  headerRow.forEach((text, index) => {
    if (text.trim() === '') return;
    const column = known.get(normaliseHeader(text));
    if (!column) {
      errors.push({
        row: 1,
        message: { zh: `无法识别的列“${text}”`, en: `unknown column "${text}"` },
      });
    } else if (positions.has(column.key)) {
      errors.push({
        row: 1,
        column: column.key,
        message: { zh: '该列出现了两次', en: 'this column appears twice' },
      });
    } else if (!column.exportOnly) {
      positions.set(column.key, index);
    }
  });
  for (const column of columns[entity]) {
    if (column.required && !positions.has(column.key)) {
      errors.push({
        row: 1,
        column: column.key,
        message: { zh: '缺少必填列', en: 'this required column is missing' },
      });
    }
  }
  return { positions, errors };
}

export function sheetName(entity: ImportEntity, lang: Lang): string {
  const names: Record<ImportEntity, LocalizedText> = {
    organisations: { zh: '机构', en: 'organisations' },
    experts: { zh: '专家', en: 'experts' },
    problems: { zh: '难题', en: 'problems' },
  };
  return names[entity][lang];
}
