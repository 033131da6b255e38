import { as } from '../../domain/world.js';
import { rule, signedIn, type MatrixExtension } from '../matrix-kit.js';

// Saved searches belong to their owner alone (the office included sees only its own), and the
// publication import is the expert's own profile or the office's.
const ownerOnly = rule(['owner']);
const expertSelfOrOffice = rule(['expertEngaged', 'officer', 'admin']);

const extension: MatrixExtension = {
  rules: {
    'GET /saved-searches': signedIn,
    'POST /saved-searches': signedIn,
    'GET /saved-searches/{id}': ownerOnly,
    'PATCH /saved-searches/{id}': ownerOnly,
    'DELETE /saved-searches/{id}': ownerOnly,
    'POST /experts/{id}/publications/import': expertSelfOrOffice,
  },
  bodies: () => ({
    'POST /saved-searches': { name: '矩阵搜索', kind: 'problems', query: { q: '注塑' } },
    'PATCH /saved-searches/{id}': { name: '改名' },
    'POST /experts/{id}/publications/import': '类型,题目,年份\n论文,矩阵测试论文,2024\n',
  }),
  resolve: (_method, path, ids) => {
    if (path === '/saved-searches/{id}') return `/saved-searches/${ids.savedSearch ?? ''}`;
    if (path === '/experts/{id}/publications/import')
      return `/experts/${ids.e1 ?? ''}/publications/import?format=csv&dryRun=true`;
    return undefined;
  },
  fixture: async (ctx, base) => {
    const res = await as(ctx, base.actors.owner).call('POST', '/saved-searches', {
      name: '甲老板的搜索',
      kind: 'experts',
      query: { q: '热变形' },
    });
    if (res.status !== 201) throw new Error(`saved search: ${res.status}`);
    return { savedSearch: (res.body as { id: string }).id };
  },
};

export default extension;
