import { creditCodeCheckChar } from '../../../lib/credit-code.js';
import type { FieldCode } from '../../taxonomy/index.js';
import type { Rng } from './rng.js';

// Deqing County (德清县), Huzhou, Zhejiang: the demo county. Town names are the real towns and
// sub-districts; parks and roads are plausible local names for demo addresses, not a gazetteer.

export const county = {
  zh: '德清县',
  en: 'Deqing County',
  city: '湖州市',
  province: '浙江省',
  /** The administrative division code, characters 3–8 of every local 统一社会信用代码. */
  divisionCode: '330521',
} as const;

export interface Town {
  readonly zh: string;
  readonly parks: readonly string[];
  readonly roads: readonly string[];
}

export const towns: readonly Town[] = [
  {
    zh: '武康街道',
    parks: ['武康工业园'],
    roads: ['永安街', '千秋街', '英溪北路', '武源街', '中兴北路'],
  },
  {
    zh: '舞阳街道',
    parks: ['地理信息小镇', '德清科技新城'],
    roads: ['科源路', '长虹中街', '舞阳街', '秋山路'],
  },
  {
    zh: '阜溪街道',
    parks: ['莫干山高新区', '德清经济开发区'],
    roads: ['环城北路', '临溪街', '北湖街', '志远北路', '科技大道'],
  },
  { zh: '下渚湖街道', parks: ['下渚湖工业功能区'], roads: ['下渚湖路', '二都大道', '防风大道'] },
  { zh: '乾元镇', parks: ['乾元工业园区'], roads: ['城北路', '乾龙大道', '县前街', '金火大道'] },
  {
    zh: '新市镇',
    parks: ['新市工业园区', '新市经济开发区'],
    roads: ['新市大道', '觉海路', '工业大道', '南昌街'],
  },
  { zh: '钟管镇', parks: ['钟管工业园区'], roads: ['钟管大道', '东舍墩路', '曲溪大道'] },
  { zh: '洛舍镇', parks: ['洛舍钢琴产业园'], roads: ['钢琴大道', '砂村路', '东衡路'] },
  { zh: '雷甸镇', parks: ['雷甸工业园区'], roads: ['雷甸大道', '工业园路', '解放路', '运河路'] },
  { zh: '禹越镇', parks: ['禹越工业园区'], roads: ['禹越大道', '三林路', '杭宁路'] },
  { zh: '新安镇', parks: ['新安工业园区'], roads: ['新安大道', '勾里路', '百家路'] },
  {
    zh: '莫干山镇',
    parks: ['莫干山国际旅游度假区'],
    roads: ['莫干山路', '庾村路', '劳岭路', '筏头路'],
  },
];

export interface Industry {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** Relative share of the county's companies. */
  readonly share: number;
  /** The industry word before the legal form in a company name (…精密机械有限公司). */
  readonly nameWords: readonly string[];
  /** Completes "我公司是一家…企业" in a problem description. */
  readonly profiles: readonly string[];
  /** The fields this industry's problems usually fall in. */
  readonly fields: readonly FieldCode[];
  /** Towns where this industry clusters. */
  readonly towns: readonly string[];
}

export const industries = [
  {
    code: 'equipment',
    zh: '装备制造',
    en: 'Equipment manufacturing',
    share: 22,
    nameWords: [
      '机械',
      '精密机械',
      '智能装备',
      '机电',
      '传动科技',
      '液压',
      '数控设备',
      '自动化设备',
    ],
    profiles: [
      '以精密零部件加工为主的装备制造',
      '专业生产非标自动化设备的',
      '从事减速机和传动部件研发制造的',
      '为主机厂配套结构件的',
    ],
    fields: [
      'mech.design',
      'mech.cnc',
      'mech.mould',
      'mech.welding',
      'mech.robot',
      'mech.fluid',
      'mech.diagnosis',
      'mech.additive',
      'auto.motion',
      'auto.drive',
      'auto.metrology',
      'auto.mes',
      'mat.metal',
      'mat.coating',
      'elec.embedded',
      'cs.vision',
      'cs.iiot',
      'mgmt.quality',
      'mgmt.lean',
    ],
    towns: ['阜溪街道', '乾元镇', '雷甸镇', '新市镇', '钟管镇'],
  },
  {
    code: 'nev-parts',
    zh: '新能源汽车零部件',
    en: 'New energy vehicle components',
    share: 12,
    nameWords: ['汽车部件', '新能源科技', '电驱科技', '汽配', '电池科技', '精工'],
    profiles: [
      '为新能源整车厂配套电池包结构件的',
      '专业生产驱动电机零部件的',
      '从事锂电池电芯和模组制造的',
      '生产汽车热管理部件的',
    ],
    fields: [
      'energy.battery',
      'energy.ev',
      'energy.storage',
      'mech.mould',
      'mech.welding',
      'mech.cnc',
      'mat.composite',
      'elec.power',
      'elec.emc',
      'auto.drive',
      'transport.vehicle',
      'mgmt.quality',
    ],
    towns: ['阜溪街道', '雷甸镇', '禹越镇', '乾元镇'],
  },
  {
    code: 'geoinfo',
    zh: '地理信息',
    en: 'Geographic information',
    share: 10,
    nameWords: ['地理信息', '测绘', '遥感科技', '空间信息', '北斗科技', '信息技术'],
    profiles: [
      '入驻地理信息小镇的测绘地理信息',
      '专业提供遥感数据服务的',
      '从事北斗高精度定位产品研发的',
      '做实景三维和数字孪生城市的',
    ],
    fields: [
      'geo.gis',
      'geo.rs',
      'geo.gnss',
      'geo.survey',
      'geo.photogrammetry',
      'geo.lidar',
      'geo.hdmap',
      'geo.uav',
      'cs.cloud',
      'cs.software',
      'cs.ml',
      'transport.its',
    ],
    towns: ['舞阳街道', '阜溪街道'],
  },
  {
    code: 'new-materials',
    zh: '新材料',
    en: 'New materials',
    share: 10,
    nameWords: ['新材料', '高分子材料', '复合材料', '磁业', '化工新材料'],
    profiles: [
      '专业生产改性塑料的新材料',
      '从事功能性复合材料研发生产的',
      '生产稀土永磁材料的',
      '以涂料和助剂为主的精细化工',
    ],
    fields: [
      'mat.metal',
      'mat.polymer',
      'mat.composite',
      'mat.ceramic',
      'mat.coating',
      'mat.corrosion',
      'mat.functional',
      'chem.fine',
      'chem.process',
      'chem.catalysis',
      'chem.analysis',
      'chem.safety',
    ],
    towns: ['钟管镇', '新市镇', '禹越镇', '雷甸镇'],
  },
  {
    code: 'biomedicine',
    zh: '生物医药',
    en: 'Biomedicine',
    share: 7,
    nameWords: ['生物科技', '药业', '医疗器械', '生物医药', '健康科技'],
    profiles: [
      '以原料药和中间体为主的制药',
      '专业生产口服固体制剂的',
      '从事体外诊断试剂研发生产的',
      '生产一次性医用耗材的',
    ],
    fields: [
      'bio.formulation',
      'bio.api',
      'bio.fermentation',
      'bio.device',
      'bio.tcm',
      'bio.ivd',
      'bio.gmp',
      'chem.separation',
      'chem.analysis',
      'env.water',
      'food.nutrition',
    ],
    towns: ['阜溪街道', '钟管镇', '雷甸镇'],
  },
  {
    code: 'green-home',
    zh: '绿色家居',
    en: 'Green home furnishing',
    share: 10,
    nameWords: ['家居', '木业', '装饰材料', '装饰纸', '地板', '竹木制品'],
    profiles: [
      '专业生产装饰纸和浸渍纸的',
      '从事定制家具生产的',
      '生产强化复合地板的',
      '做竹木家居出口的',
    ],
    fields: [
      'light.furniture',
      'light.decor',
      'light.packaging',
      'mat.polymer',
      'mat.coating',
      'env.air',
      'agri.forestry',
      'cs.vision',
      'mgmt.marketing',
      'mgmt.lean',
    ],
    towns: ['洛舍镇', '雷甸镇', '乾元镇', '新安镇', '禹越镇'],
  },
  {
    code: 'agri-food',
    zh: '农业与食品',
    en: 'Agriculture and food',
    share: 10,
    nameWords: ['食品', '农业开发', '生态农业', '茶业', '水产', '农产品'],
    profiles: [
      '集养殖和加工于一体的水产',
      '以莫干黄芽为主的茶叶',
      '专业生产预制菜的食品',
      '从事稻米种植和加工的农业',
    ],
    fields: [
      'food.processing',
      'food.preservation',
      'food.safety',
      'food.fermented',
      'food.nutrition',
      'food.tea',
      'food.aquatic',
      'agri.crop',
      'agri.aquaculture',
      'agri.protection',
      'agri.machinery',
      'agri.smart',
      'agri.soil',
      'mgmt.marketing',
    ],
    towns: ['新市镇', '钟管镇', '下渚湖街道', '莫干山镇', '禹越镇', '新安镇'],
  },
  {
    code: 'construction',
    zh: '建筑建材',
    en: 'Construction and building materials',
    share: 7,
    nameWords: ['建材', '建设', '混凝土', '新型建材', '建筑科技'],
    profiles: [
      '生产商品混凝土和预制构件的',
      '从事钢结构工程的',
      '以装配式建筑构件为主的建材',
      '承接市政道路工程的',
    ],
    fields: [
      'civil.structure',
      'civil.geotech',
      'civil.concrete',
      'civil.prefab',
      'civil.bim',
      'civil.road',
      'civil.building',
      'mat.ceramic',
      'env.solid',
      'geo.survey',
    ],
    towns: ['武康街道', '雷甸镇', '乾元镇'],
  },
  {
    code: 'electronics',
    zh: '电子信息',
    en: 'Electronics and information',
    share: 6,
    nameWords: ['电子', '电子科技', '光电', '智能科技', '信息科技'],
    profiles: [
      '专业生产智能控制器的电子',
      '从事传感器研发制造的',
      '生产LED照明产品的',
      '提供工业软件和系统集成服务的',
    ],
    fields: [
      'elec.embedded',
      'elec.power',
      'elec.comm',
      'elec.signal',
      'elec.sensor',
      'elec.optics',
      'elec.emc',
      'cs.vision',
      'cs.software',
      'cs.security',
      'cs.iiot',
      'auto.metrology',
    ],
    towns: ['阜溪街道', '舞阳街道', '武康街道'],
  },
  {
    code: 'piano',
    zh: '钢琴乐器',
    en: 'Pianos and musical instruments',
    share: 3,
    nameWords: ['钢琴', '乐器', '琴业'],
    profiles: ['洛舍镇专业生产立式钢琴的', '为钢琴整机厂配套击弦机的', '生产钢琴音板和木制配件的'],
    fields: ['light.instrument', 'light.furniture', 'mat.coating', 'mgmt.marketing', 'cs.iiot'],
    towns: ['洛舍镇'],
  },
  {
    code: 'environmental',
    zh: '节能环保',
    en: 'Energy saving and environmental protection',
    share: 4,
    nameWords: ['环保科技', '环境工程', '节能科技', '资源再生'],
    profiles: [
      '从事工业废水治理工程的环保',
      '专业做废旧电池回收利用的',
      '提供VOCs治理设备的',
      '做工业余热利用和节能改造的',
    ],
    fields: [
      'env.water',
      'env.air',
      'env.solid',
      'env.remediation',
      'env.monitoring',
      'env.carbon',
      'energy.thermal',
      'energy.pv',
      'energy.grid',
    ],
    towns: ['武康街道', '阜溪街道', '钟管镇'],
  },
  {
    code: 'textiles',
    zh: '纺织',
    en: 'Textiles',
    share: 3,
    nameWords: ['纺织', '纺织品', '无纺布', '印染'],
    profiles: ['以功能性面料为主的纺织', '专业生产熔喷和水刺无纺布的', '从事家纺面料印染的'],
    fields: [
      'light.fibre',
      'light.dyeing',
      'light.nonwoven',
      'env.water',
      'mgmt.lean',
      'energy.thermal',
    ],
    towns: ['新市镇', '禹越镇', '钟管镇'],
  },
  {
    code: 'logistics',
    zh: '现代物流',
    en: 'Logistics',
    share: 3,
    nameWords: ['物流', '供应链管理', '航运'],
    profiles: ['从事城乡配送的物流', '经营内河码头和船队的航运', '为制造企业提供仓储配送服务的'],
    fields: [
      'transport.logistics',
      'transport.waterway',
      'transport.safety',
      'transport.its',
      'mgmt.supply',
      'auto.agv',
    ],
    towns: ['乾元镇', '雷甸镇', '新市镇'],
  },
  {
    code: 'tourism',
    zh: '文旅民宿',
    en: 'Tourism and hospitality',
    share: 3,
    nameWords: ['旅游开发', '文化旅游', '酒店管理'],
    profiles: ['在莫干山经营精品民宿的', '从事乡村旅游开发的', '运营湿地景区的文旅'],
    fields: [
      'mgmt.marketing',
      'mgmt.hr',
      'civil.building',
      'env.water',
      'cs.software',
      'food.processing',
      'transport.its',
    ],
    towns: ['莫干山镇', '武康街道', '下渚湖街道'],
  },
] as const satisfies readonly Industry[];

export type IndustryCode = (typeof industries)[number]['code'];

export function industry(code: IndustryCode): Industry {
  const found = industries.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`unknown industry ${code}`);
  return found;
}

/** An industry drawn in proportion to its share of the county's companies. */
export function pickIndustry(rng: Rng): Industry {
  return rng.weighted(industries.map((entry): [Industry, number] => [entry, entry.share]));
}

// Trade names (字号) are two characters; drawing each from its own list gives ~1,300 plausible
// names without a list of real companies.
const tradeFirst =
  '恒 华 永 鑫 金 宏 天 瑞 博 新 东 卓 联 精 立 凯 盛 安 众 嘉 锐 远 汇 泰 康 德 佳 兴 和 益 明 诚 宇 欣 荣 志 丰 信 洁'.split(
    ' ',
  );
const tradeSecond =
  '泰 源 盛 达 诚 远 成 丰 创 航 越 信 邦 捷 禾 科 隆 昌 鼎 辉 润 通 力 宇 腾 瑞 晟 峰 恒 安 嘉 利'.split(
    ' ',
  );

/**
 * A company name in the local pattern 区划 + 字号 + 行业 + 组织形式, e.g. 德清恒泰精密机械有限公司.
 * Names can repeat; a caller that needs unique names draws again.
 */
export function companyName(rng: Rng, of: Industry): string {
  let trade = '';
  while (trade.length < 2) {
    const first = rng.pick(tradeFirst);
    const second = rng.pick(tradeSecond);
    if (first !== second) trade = first + second;
  }
  const word = rng.pick(of.nameWords);
  const form = rng.weighted<string>([
    ['有限公司', 80],
    ['股份有限公司', 20],
  ]);
  const layout = rng.weighted<'prefix' | 'suffix'>([
    ['prefix', 94],
    ['suffix', 6],
  ]);
  if (layout === 'suffix') return `${trade}${word}（德清）${form}`;
  const region = rng.weighted<string>([
    ['德清', 40],
    ['德清县', 25],
    ['浙江', 22],
    ['湖州', 13],
  ]);
  return `${region}${trade}${word}${form}`;
}

export interface Address {
  readonly town: string;
  /** The full postal address, e.g. 浙江省湖州市德清县阜溪街道环城北路1088号. */
  readonly address: string;
}

/** An address in the county, in one of the industry's towns most of the time. */
export function companyAddress(rng: Rng, of: Industry): Address {
  const preferred = towns.filter((town) => of.towns.includes(town.zh));
  const town = rng.chance(0.8) && preferred.length > 0 ? rng.pick(preferred) : rng.pick(towns);
  const road = rng.pick(town.roads);
  const park = rng.chance(0.4) ? rng.pick(town.parks) : '';
  const number = rng.weighted<number>([
    [rng.int(1, 99), 50],
    [rng.int(100, 999), 40],
    [rng.int(1000, 2999), 10],
  ]);
  return {
    town: town.zh,
    address: `${county.province}${county.city}${county.zh}${town.zh}${park}${road}${number}号`,
  };
}

// GB 11714 organisation code: 8 characters and a check character with these weights.
const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
// The credit-code alphabet, so every generated code passes the API's validator.
const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const digits = '0123456789';

function orgCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body.charAt(i), 36) * (orgWeights[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A valid 统一社会信用代码 for an enterprise (91) registered in the county: companies registered
 * since 2015 carry an "MA" organisation code, older ones a numeric one.
 */
export function creditCode(rng: Rng): string {
  const chars = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet.charAt(rng.int(0, alphabet.length - 1))).join('');
  const body = rng.chance(0.6) ? `MA2${chars(creditAlphabet, 5)}` : chars(digits, 8);
  const first17 = `91${county.divisionCode}${body}${orgCheckChar(body)}`;
  const check = creditCodeCheckChar(first17);
  if (check === null) throw new Error(`credit code body outside the alphabet: ${first17}`);
  return first17 + check;
}
