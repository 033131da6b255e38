import { newId } from '../../../src/lib/ids.js';
import { stuckKey } from '../../../src/features/stuck/rules.js';
import { office, type MatrixExtension } from '../matrix-kit.js';

// The stuck list and its rules are the talent office's tools.
const extension: MatrixExtension = {
  rules: {
    'GET /stuck': office,
    'GET /stuck/rules': office,
    'PUT /stuck/rules': office,
    'POST /stuck/{key}/log': office,
    'POST /stuck/{key}/remind': office,
    'POST /stuck/{key}/resolve': office,
  },
  bodies: () => ({
    'PUT /stuck/rules': {
      rev: 0,
      rules: [{ id: 'problem_unengaged', days: 14, enabled: true }],
    },
    'POST /stuck/{key}/log': { contact: '矩阵联系人', channel: 'phone', agreed: '下周走访' },
    'POST /stuck/{key}/remind': {},
    'POST /stuck/{key}/resolve': { note: '已协调' },
  }),
  resolve: (_method, path, ids) =>
    path.startsWith('/stuck/{key}') ? path.replace('{key}', ids.stuckKey ?? '') : undefined,
  // A problem of company A published 30 days ago that nobody took up: stuck under the 14-day rule.
  fixture: async (ctx, base) => {
    const id = newId('problem');
    const openedAt = new Date(Date.now() - 30 * 86_400_000);
    await ctx.store.db.collection<{ _id: string; [field: string]: unknown }>('problems').insertOne({
      _id: id,
      companyId: base.ids.companyA,
      companyName: '矩阵甲公司',
      title: '矩阵超期难题',
      summary: '矩阵',
      description: '矩阵',
      desiredOutcome: '矩阵',
      fields: ['mech.cnc'],
      keywords: [],
      confidentiality: 'public',
      status: 'open',
      rev: 2,
      indexedRev: 0,
      createdAt: openedAt,
      updatedAt: openedAt,
      openedAt,
    });
    return { stuckKey: stuckKey('problem_unengaged', id, openedAt) };
  },
};

export default extension;
