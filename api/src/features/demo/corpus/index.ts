// The raw material of the seeded demo-data generator: data about the county, its universities and
// industries, and pure text generators driven by a seeded Rng. Same seed, same demo.
export { createRng, type Rng } from './rng.js';
export {
  companyAddress,
  companyName,
  county,
  creditCode,
  industries,
  industry,
  pickIndustry,
  towns,
  type Address,
  type Industry,
  type IndustryCode,
  type Town,
} from './county.js';
export { universities, type College, type University } from './universities.js';
export {
  academicTitle,
  academicTitles,
  personName,
  type AcademicTitle,
  type Gender,
  type PersonName,
} from './people.js';
export { expertProfile, type ExpertProfile } from './experts.js';
export { publication, type Publication } from './publications.js';
export { patent, type Patent } from './patents.js';
export { pastProject, type PastProject } from './projects.js';
export { problemText, type ProblemText } from './problems.js';
