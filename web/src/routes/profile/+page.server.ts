import { error, fail as kitFail, redirect } from '@sveltejs/kit';
import { fail, message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { apiBaseUrl, createApiClient } from '$lib/server/api';
import { apiErrors, ExpertProfileFormSchema, fieldErrorsOnto, text } from '$lib/server/forms';
import { fieldGroups, type FieldCode } from '$lib/taxonomy';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function expertOf(locals: App.Locals): string {
  if (!locals.user) redirect(303, '/sign-in');
  if (locals.user.role !== 'expert' || !locals.user.expertId) redirect(303, '/');
  return locals.user.expertId;
}

async function getExpert(event: Pick<RequestEvent, 'fetch' | 'locals'>, id: string) {
  const api = createApiClient(event.fetch, event.locals.lang, event.locals.sessionCookie);
  const res = await api.experts[':id'].$get({ param: { id } });
  if (!res.ok) error(res.status === 404 ? 404 : 502, 'API');
  return res.json();
}

const splitList = (value: string, pattern = /[,，、;；]/) =>
  value
    .split(pattern)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

export const load: PageServerLoad = async (event) => {
  const id = expertOf(event.locals);
  const expert = await getExpert(event, id);
  const form = await superValidate(
    {
      rev: expert.rev,
      name: expert.name,
      title: expert.title,
      college: expert.college ?? '',
      phone: expert.phone ?? '',
      fields: expert.fields,
      keywords: expert.keywords.join('，'),
      bio: expert.bio,
      capacity: expert.capacity,
      available: expert.available,
    },
    zod4(ExpertProfileFormSchema),
    { errors: false },
  );
  return { expert, form, fieldGroups: fieldGroups(event.locals.lang) };
};

type Expert = Awaited<ReturnType<typeof getExpert>>;
type Patch = Parameters<ReturnType<typeof createApiClient>['experts'][':id']['$patch']>[0]['json'];

async function patch(event: RequestEvent, id: string, body: Patch) {
  const api = createApiClient(event.fetch, event.locals.lang, event.locals.sessionCookie);
  return api.experts[':id'].$patch({ param: { id }, json: body });
}

/** A one-field change (availability, a publication added or removed) on the current rev. */
async function change(
  event: RequestEvent,
  build: (expert: Expert) => Omit<Patch, 'rev'>,
  done: string,
) {
  const id = expertOf(event.locals);
  const expert = await getExpert(event, id);
  const res = await patch(event, id, { rev: expert.rev, ...build(expert) });
  if (!res.ok) return kitFail(400, await apiErrors(res));
  return { message: done };
}

export const actions: Actions = {
  save: async (event) => {
    const id = expertOf(event.locals);
    const form = await superValidate(event.request, zod4(ExpertProfileFormSchema));
    if (!form.valid) return fail(400, { form });
    const data = form.data;
    const res = await patch(event, id, {
      rev: data.rev,
      name: data.name,
      title: data.title,
      ...(data.college ? { college: data.college } : {}),
      ...(data.phone ? { phone: data.phone } : {}),
      fields: data.fields as FieldCode[],
      keywords: splitList(data.keywords),
      bio: data.bio,
      capacity: data.capacity,
      available: data.available,
    });
    if (res.status === 409) {
      const fresh = await getExpert(event, id);
      form.data.rev = fresh.rev;
      return message(form, m.profile_stale(), { status: 409 });
    }
    if (!res.ok) {
      const errors = await apiErrors(res);
      fieldErrorsOnto(form, errors.fields);
      return message(form, errors.message, { status: 400 });
    }
    form.data.rev = (await res.json()).rev;
    return message(form, m.profile_saved());
  },

  availability: (event) =>
    change(event, (expert) => ({ available: !expert.available }), m.profile_saved()),

  addPublication: async (event) => {
    const form = await event.request.formData();
    const year = Number(text(form, 'year'));
    const venue = text(form, 'venue');
    const abstract = text(form, 'abstract');
    const authors = splitList(text(form, 'authors'), /[;；、]/);
    const entry = {
      title: text(form, 'title'),
      year,
      ...(venue ? { venue } : {}),
      ...(abstract ? { abstract } : {}),
      ...(authors.length > 0 ? { authors } : {}),
    };
    return change(
      event,
      (expert) => ({ publications: [...expert.publications, entry] }),
      m.pub_added(),
    );
  },

  addPatent: async (event) => {
    const form = await event.request.formData();
    const number = text(form, 'number');
    const year = text(form, 'year');
    const entry = {
      title: text(form, 'title'),
      ...(number ? { number } : {}),
      ...(year ? { year: Number(year) } : {}),
    };
    return change(event, (expert) => ({ patents: [...expert.patents, entry] }), m.pub_added());
  },

  removePublication: async (event) => {
    const index = Number(text(await event.request.formData(), 'index'));
    return change(
      event,
      (expert) => ({ publications: expert.publications.filter((_, i) => i !== index) }),
      m.pub_removed(),
    );
  },

  removePatent: async (event) => {
    const index = Number(text(await event.request.formData(), 'index'));
    return change(
      event,
      (expert) => ({ patents: expert.patents.filter((_, i) => i !== index) }),
      m.pub_removed(),
    );
  },

  // The file goes to the API as it is; the API parses, validates every entry and answers with
  // row-level errors in the user's language, or adds what is new.
  import: async (event) => {
    const id = expertOf(event.locals);
    const form = await event.request.formData();
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return kitFail(400, { importMessage: m.import_no_file(), importErrors: [] });
    const name = file.name.toLowerCase();
    const format = name.endsWith('.bib') ? 'bibtex' : name.endsWith('.csv') ? 'csv' : null;
    if (!format) return kitFail(400, { importMessage: m.import_bad_type(), importErrors: [] });
    const expert = await getExpert(event, id);
    const res = await event.fetch(
      `${apiBaseUrl()}/experts/${id}/publications/import?format=${format}&rev=${String(expert.rev)}`,
      {
        method: 'POST',
        headers: {
          'content-type': format === 'bibtex' ? 'application/x-bibtex' : 'text/csv',
          'accept-language': event.locals.lang === 'en' ? 'en' : 'zh-CN',
          ...(event.locals.sessionCookie ? { cookie: event.locals.sessionCookie } : {}),
        },
        body: await file.text(),
      },
    );
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as {
        error?: {
          message?: string;
          details?: { errors?: { row: number; entry?: string; field?: string; message: string }[] };
        };
      };
      return kitFail(400, {
        importMessage: body.error?.message ?? `HTTP ${String(res.status)}`,
        importErrors: body.error?.details?.errors ?? [],
      });
    }
    const result = (await res.json()) as {
      publications: unknown[];
      patents: unknown[];
      duplicates: number;
    };
    return {
      message: m.import_done({
        publications: result.publications.length,
        patents: result.patents.length,
        duplicates: result.duplicates,
      }),
    };
  },
};
