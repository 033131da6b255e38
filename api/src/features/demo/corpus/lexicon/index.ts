import type { FieldCode, GroupCode } from '../../../taxonomy/index.js';
import { agri } from './agri.js';
import { auto } from './auto.js';
import { bio } from './bio.js';
import { chem } from './chem.js';
import { civil } from './civil.js';
import { cs } from './cs.js';
import { elec } from './elec.js';
import { energy } from './energy.js';
import { env } from './env.js';
import { food } from './food.js';
import { geo } from './geo.js';
import { light } from './light.js';
import { mat } from './mat.js';
import { mech } from './mech.js';
import { mgmt } from './mgmt.js';
import { transport } from './transport.js';
import type { GroupLexicon, Lexicon } from './types.js';

export type { GroupLexicon, Lexicon, MetricData } from './types.js';

// A mapped type over every group code: a group without a lexicon fails to compile.
export const groupLexicons: { readonly [G in GroupCode]: GroupLexicon<G> } = {
  mech,
  mat,
  elec,
  cs,
  auto,
  chem,
  bio,
  food,
  agri,
  env,
  energy,
  geo,
  civil,
  light,
  mgmt,
  transport,
};

const leafLexicons = new Map<string, Lexicon>();
for (const group of Object.values(groupLexicons)) {
  const leaves: Readonly<Record<string, Lexicon>> = group.leaves;
  for (const [code, lexicon] of Object.entries(leaves)) leafLexicons.set(code, lexicon);
}

export function leafLexicon(code: FieldCode): Lexicon {
  const lexicon = leafLexicons.get(code);
  if (!lexicon) throw new Error(`no lexicon for field ${code}`);
  return lexicon;
}
