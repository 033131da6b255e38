import type { GroupCode } from '../../taxonomy/index.js';

export interface College {
  readonly zh: string;
  readonly en: string;
  /** The field groups its experts work in. */
  readonly groups: readonly GroupCode[];
}

export interface University {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'university' | 'institute';
  readonly city: string;
  /** Relative share of the demo experts. */
  readonly share: number;
  readonly colleges: readonly College[];
}

// Zhejiang University of Technology leads the shares: it is the provincial university with a
// campus in Deqing, the kind of partner the county programme paired its companies with.
export const universities: readonly University[] = [
  {
    code: 'zjut',
    zh: '浙江工业大学',
    en: 'Zhejiang University of Technology',
    kind: 'university',
    city: '杭州市',
    share: 40,
    colleges: [
      { zh: '机械工程学院', en: 'College of Mechanical Engineering', groups: ['mech', 'auto'] },
      {
        zh: '材料科学与工程学院',
        en: 'College of Materials Science and Engineering',
        groups: ['mat'],
      },
      { zh: '化学工程学院', en: 'College of Chemical Engineering', groups: ['chem', 'energy'] },
      { zh: '药学院', en: 'College of Pharmaceutical Science', groups: ['bio'] },
      { zh: '食品科学与工程学院', en: 'College of Food Science and Technology', groups: ['food'] },
      { zh: '环境学院', en: 'College of Environment', groups: ['env'] },
      { zh: '土木工程学院', en: 'College of Civil Engineering', groups: ['civil'] },
      { zh: '信息工程学院', en: 'College of Information Engineering', groups: ['elec', 'auto'] },
      {
        zh: '计算机科学与技术学院',
        en: 'College of Computer Science and Technology',
        groups: ['cs', 'geo'],
      },
      { zh: '管理学院', en: 'School of Management', groups: ['mgmt', 'transport'] },
      {
        zh: '设计与建筑学院',
        en: 'College of Design and Architecture',
        groups: ['light', 'civil'],
      },
    ],
  },
  {
    code: 'zju',
    zh: '浙江大学',
    en: 'Zhejiang University',
    kind: 'university',
    city: '杭州市',
    share: 15,
    colleges: [
      { zh: '机械工程学院', en: 'School of Mechanical Engineering', groups: ['mech'] },
      { zh: '能源工程学院', en: 'College of Energy Engineering', groups: ['energy', 'transport'] },
      {
        zh: '控制科学与工程学院',
        en: 'College of Control Science and Engineering',
        groups: ['auto'],
      },
      {
        zh: '计算机科学与技术学院',
        en: 'College of Computer Science and Technology',
        groups: ['cs'],
      },
      {
        zh: '化学工程与生物工程学院',
        en: 'College of Chemical and Biological Engineering',
        groups: ['chem', 'bio'],
      },
      {
        zh: '生物系统工程与食品科学学院',
        en: 'College of Biosystems Engineering and Food Science',
        groups: ['food', 'agri'],
      },
      {
        zh: '农业与生物技术学院',
        en: 'College of Agriculture and Biotechnology',
        groups: ['agri'],
      },
      {
        zh: '环境与资源学院',
        en: 'College of Environmental and Resource Sciences',
        groups: ['env'],
      },
      { zh: '地球科学学院', en: 'School of Earth Sciences', groups: ['geo'] },
      {
        zh: '建筑工程学院',
        en: 'College of Civil Engineering and Architecture',
        groups: ['civil'],
      },
    ],
  },
  {
    code: 'hdu',
    zh: '杭州电子科技大学',
    en: 'Hangzhou Dianzi University',
    kind: 'university',
    city: '杭州市',
    share: 15,
    colleges: [
      { zh: '电子信息学院', en: 'School of Electronics and Information', groups: ['elec'] },
      { zh: '通信工程学院', en: 'School of Communication Engineering', groups: ['elec', 'geo'] },
      { zh: '计算机学院', en: 'School of Computer Science and Technology', groups: ['cs'] },
      { zh: '自动化学院', en: 'School of Automation', groups: ['auto'] },
      { zh: '机械工程学院', en: 'School of Mechanical Engineering', groups: ['mech'] },
      {
        zh: '材料与环境工程学院',
        en: 'College of Materials and Environmental Engineering',
        groups: ['mat', 'env'],
      },
      { zh: '管理学院', en: 'School of Management', groups: ['mgmt'] },
    ],
  },
  {
    code: 'cjlu',
    zh: '中国计量大学',
    en: 'China Jiliang University',
    kind: 'university',
    city: '杭州市',
    share: 15,
    colleges: [
      {
        zh: '计量测试工程学院',
        en: 'College of Metrology and Measurement Engineering',
        groups: ['auto', 'elec'],
      },
      {
        zh: '机电工程学院',
        en: 'College of Mechanical and Electrical Engineering',
        groups: ['mech', 'auto'],
      },
      {
        zh: '质量与安全工程学院',
        en: 'College of Quality and Safety Engineering',
        groups: ['mgmt', 'chem'],
      },
      {
        zh: '光学与电子科技学院',
        en: 'College of Optical and Electronic Technology',
        groups: ['elec'],
      },
      { zh: '生命科学学院', en: 'College of Life Sciences', groups: ['bio', 'food'] },
      { zh: '材料与化学学院', en: 'College of Materials and Chemistry', groups: ['mat', 'chem'] },
      {
        zh: '能源环境与安全工程学院',
        en: 'College of Energy, Environment and Safety Engineering',
        groups: ['energy', 'env'],
      },
    ],
  },
  {
    code: 'zjhu',
    zh: '湖州师范学院',
    en: 'Huzhou University',
    kind: 'university',
    city: '湖州市',
    share: 15,
    colleges: [
      { zh: '信息工程学院', en: 'School of Information Engineering', groups: ['cs', 'elec'] },
      { zh: '工学院', en: 'School of Engineering', groups: ['mech', 'civil', 'light'] },
      { zh: '生命科学学院', en: 'School of Life Sciences', groups: ['agri', 'food', 'bio'] },
      {
        zh: '经济管理学院',
        en: 'School of Economics and Management',
        groups: ['mgmt', 'transport'],
      },
      { zh: '理学院', en: 'School of Science', groups: ['mat', 'geo', 'energy'] },
    ],
  },
];
