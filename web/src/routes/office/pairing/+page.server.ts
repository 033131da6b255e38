import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { all, apiErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const programmeIdPattern = /^prg_[0-9a-z]{16}$/;
const runIdPattern = /^run_[0-9a-z]{16}$/;

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') redirect(303, '/');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const programmesRes = await api.programmes.$get({ query: { limit: '50' } });
  if (!programmesRes.ok) error(programmesRes.status, 'API');
  const programmes = (await programmesRes.json()).items;
  const wanted = url.searchParams.get('programme') ?? '';
  const programme =
    programmes.find((p) => p.id === wanted) ?? (wanted ? undefined : programmes[0]) ?? null;
  if (!programme)
    return { programmes, programme: null, runs: [], run: null, experts: [], problems: [] };

  const [runsRes, expertsRes, problemsRes] = await Promise.all([
    api.programmes[':id']['pairing-runs'].$get({ param: { id: programme.id } }),
    api.experts.$get({
      query: {
        verification: 'verified',
        available: 'true',
        limit: '100',
        sort: 'name',
        order: 'asc',
      },
    }),
    api.problems.$get({ query: { status: 'open', limit: '100' } }),
  ]);
  const runs = runsRes.ok ? (await runsRes.json()).items : [];
  const runId = url.searchParams.get('run') ?? runs[0]?.id;
  let run = null;
  if (runId && runIdPattern.test(runId)) {
    const res = await api['pairing-runs'][':id'].$get({ param: { id: runId } });
    if (res.ok) run = await res.json();
  }
  return {
    programmes,
    programme,
    runs,
    run,
    experts: expertsRes.ok ? (await expertsRes.json()).items : [],
    problems: problemsRes.ok ? (await problemsRes.json()).items : [],
  };
};

/** A whole number from a form field, or the fallback when the field is empty. */
function whole(form: FormData, key: string, fallback: number): number {
  const value = text(form, key);
  return value === '' ? fallback : Number(value);
}

function settings(form: FormData) {
  const floor = text(form, 'floor');
  return {
    capacity: whole(form, 'capacity', 1),
    minExperts: whole(form, 'minExperts', 0),
    maxExperts: whole(form, 'maxExperts', 1),
    floor: floor === '' ? null : Number(floor) / 100,
  };
}

/** Pair references posted as `expertId|targetId`. */
function pairs(form: FormData, key: string) {
  return all(form, key).map((value) => {
    const [expertId = '', targetId = ''] = value.split('|');
    return { expertId, targetId };
  });
}

function location(programmeId: string, runId?: string) {
  const params = new URLSearchParams({ programme: programmeId });
  if (runId) params.set('run', runId);
  return `/office/pairing?${params.toString()}`;
}

export const actions: Actions = {
  programme: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).programmes.$post({
      json: { name: text(form, 'name'), year: whole(form, 'year', new Date().getFullYear()) },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    redirect(303, location((await res.json()).id));
  },
  start: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const programmeId = text(form, 'programmeId');
    if (!programmeIdPattern.test(programmeId))
      return fail(400, { message: 'programme', fields: {} });
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).programmes[':id'][
      'pairing-runs'
    ].$post({
      param: { id: programmeId },
      json: {
        expertIds: all(form, 'expertIds'),
        problemIds: all(form, 'problemIds'),
        ...settings(form),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    redirect(303, location(programmeId, (await res.json()).id));
  },
  rerun: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const programmeId = text(form, 'programmeId');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).programmes[':id'][
      'pairing-runs'
    ].$post({
      param: { id: programmeId },
      json: {
        basedOn: text(form, 'runId'),
        ...settings(form),
        forbidden: pairs(form, 'forbid'),
        required: pairs(form, 'pin'),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    redirect(303, location(programmeId, (await res.json()).id));
  },
  cancel: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie)['pairing-runs'][
      ':id'
    ].cancel.$post({ param: { id: text(form, 'runId') }, json: {} });
    if (!res.ok) return fail(409, await apiErrors(res));
    return { ok: true };
  },
  apply: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie)['pairing-runs'][
      ':id'
    ].apply.$post({ param: { id: text(form, 'runId') }, json: {} });
    if (!res.ok) return fail(409, await apiErrors(res));
    return { ok: true, applied: true };
  },
};
