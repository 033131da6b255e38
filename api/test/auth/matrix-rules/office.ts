import { as, problemInput } from '../../domain/world.js';
import { companyOrOffice, office, rule, type MatrixExtension } from '../matrix-kit.js';

// The office's workbench: curation (edits with the company's consent, merging duplicates), the
// pairing board, the navigation counts, the outcome dashboard and its exports.
const extension: MatrixExtension = {
  rules: {
    'POST /problems/{id}/edit-proposals': office,
    'GET /problems/{id}/edit-proposals': companyOrOffice,
    'GET /edit-proposals': rule(['owner', 'otherCompany', 'officer', 'admin']),
    'POST /edit-proposals/{id}/accept': rule(['owner']),
    'POST /edit-proposals/{id}/reject': rule(['owner']),
    'POST /problems/{id}/merge': office,
    'GET /office/board': office,
    'GET /office/counts': office,
    'GET /stats/dashboard': office,
    'GET /stats/export/{file}': office,
  },
  bodies: (ids) => ({
    'POST /problems/{id}/edit-proposals': {
      rev: Number(ids.problemRev),
      changes: { title: '矩阵策展改过的标题' },
    },
    'POST /edit-proposals/{id}/accept': {},
    'POST /edit-proposals/{id}/reject': { note: '不同意' },
    'POST /problems/{id}/merge': { rev: Number(ids.problemRev), into: ids.canonical },
  }),
  resolve: (_method, path, ids) => {
    if (path.startsWith('/edit-proposals/{id}')) return path.replace('{id}', ids.proposal ?? '');
    if (path === '/stats/export/{file}') return '/stats/export/town.xlsx?from=2026-01-01';
    return undefined;
  },
  fixture: async (ctx, base) => {
    const admin = as(ctx, base.actors.admin);
    const canonical = await admin.call('POST', '/problems', problemInput(base.ids.companyA ?? ''));
    if (canonical.status !== 201) throw new Error(`canonical: ${canonical.status}`);
    const problem = await admin.call('GET', `/problems/${base.ids.problem}`);
    const proposal = await admin.call('POST', `/problems/${base.ids.problem}/edit-proposals`, {
      rev: problem.body.rev,
      changes: { keywords: ['矩阵', '策展'] },
    });
    if (proposal.status !== 201)
      throw new Error(`proposal: ${proposal.status} ${JSON.stringify(proposal.body)}`);
    return {
      canonical: canonical.body.id as string,
      proposal: proposal.body.id as string,
      problemRev: String(problem.body.rev),
    };
  },
};

export default extension;
