import { taxonomyData } from '@jiedui/api/features/taxonomy/data.ts';

export type { FieldCode } from '@jiedui/api/features/taxonomy/index.ts';

export interface FieldOption {
  code: string;
  label: string;
}

export interface FieldGroupOption {
  label: string;
  options: FieldOption[];
}

/** The field taxonomy as grouped select options in one language. */
export function fieldGroups(lang: 'zh' | 'en'): FieldGroupOption[] {
  return taxonomyData.map((group) => ({
    label: group[lang],
    options: group.leaves.map((leaf) => ({ code: leaf.code, label: leaf[lang] })),
  }));
}

const labels = new Map<string, { zh: string; en: string }>(
  taxonomyData.flatMap((group) =>
    group.leaves.map((leaf) => [leaf.code, { zh: leaf.zh, en: leaf.en }] as const),
  ),
);

export function fieldLabel(code: string, lang: 'zh' | 'en'): string {
  return labels.get(code)?.[lang] ?? code;
}
