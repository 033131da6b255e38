import type { GroupLexicon } from './types.js';

export const agri: GroupLexicon<'agri'> = {
  venues: {
    zh: ['农业工程学报', '中国农业科学', '水产学报', '浙江农业学报', '林业科学'],
    en: [
      'Computers and Electronics in Agriculture',
      'Aquaculture',
      'Field Crops Research',
      'Industrial Crops and Products',
    ],
  },
  applications: [
    ['家庭农场', 'family farms'],
    ['数字乡村', 'digital villages'],
    ['生态循环农业', 'circular ecological agriculture'],
    ['山区林业', 'mountain forestry'],
  ],
  patentKinds: ['种植方法', '养殖方法', '装置', '系统', '培育方法'],
  tried: [
    '请农技站专家来看过',
    '换过几个品种',
    '加大了用药量但效果不好',
    '参照外地基地的做法试过',
    '买过一套监测设备但没用起来',
  ],
  leaves: {
    'agri.crop': {
      objects: [
        ['水稻', 'rice'],
        ['设施蔬菜', 'greenhouse vegetables'],
        ['草莓', 'strawberries'],
        ['优质稻米', 'premium rice'],
      ],
      methods: ['作物育种', '设施栽培', '品种选育', '高产栽培', '分子标记'],
      metrics: [
        ['亩产', 'yield per mu', 'kg/亩', 520, 620],
        ['商品果率', 'marketable fruit rate', '%', 70, 88],
      ],
      issues: ['产量不稳定', '品质下降', '连作障碍', '早衰'],
    },
    'agri.aquaculture': {
      objects: [
        ['青虾', 'oriental river prawns'],
        ['中华鳖', 'Chinese soft-shelled turtles'],
        ['黄颡鱼', 'yellow catfish'],
        ['加州鲈', 'largemouth bass'],
      ],
      methods: ['水产养殖', '池塘循环水', '水质调控', '病害防控', '饲料配方', '尾水处理'],
      metrics: [
        ['养殖成活率', 'survival rate', '%', 60, 85],
        ['饲料系数', 'feed conversion ratio', '', 1.6, 1.2],
        ['尾水总氮', 'effluent total nitrogen', 'mg/L', 6, 2],
      ],
      issues: ['病害频发', '高温季节死亡率高', '养殖尾水不达标', '规格不整齐'],
    },
    'agri.protection': {
      objects: [
        ['稻飞虱', 'rice planthoppers'],
        ['茶小绿叶蝉', 'tea green leafhoppers'],
        ['果树病害', 'fruit tree diseases'],
        ['竹林害虫', 'bamboo forest pests'],
      ],
      methods: ['病虫害防治', '生物防治', '绿色防控', '农药减量', '病虫害监测'],
      metrics: [
        ['防治效果', 'control efficacy', '%', 70, 90],
        ['化学农药用量', 'chemical pesticide use', 'kg/亩', 0.8, 0.4],
      ],
      issues: ['抗药性增强', '防治成本高', '虫害暴发难预测', '农残风险'],
    },
    'agri.machinery': {
      objects: [
        ['丘陵山地茶园', 'hillside tea gardens'],
        ['稻麦烘干', 'grain drying'],
        ['果园植保', 'orchard plant protection'],
        ['设施大棚', 'greenhouses'],
      ],
      methods: ['农业机械', '植保无人机', '采摘机器人', '精准施药', '烘干设备'],
      metrics: [
        ['作业效率', 'field capacity', '亩/h', 5, 15],
        ['烘干能耗', 'drying energy use', 'kWh/t', 120, 80],
      ],
      issues: ['机械难以下地作业', '人工成本高', '作业质量不稳定', '烘干不均匀'],
    },
    'agri.smart': {
      objects: [
        ['数字农业工厂', 'digital farm facilities'],
        ['稻田', 'paddy fields'],
        ['蔬菜基地', 'vegetable bases'],
        ['养殖池塘', 'aquaculture ponds'],
      ],
      methods: ['智慧农业', '精准农业', '水肥一体化', '农业物联网', '产量预测'],
      metrics: [
        ['用水量', 'water use', 'm³/亩', 400, 280],
        ['化肥用量', 'fertilizer use', 'kg/亩', 45, 32],
        ['人工投入', 'labour input', '工/亩', 12, 6],
      ],
      issues: ['靠经验管理', '用工多成本高', '数据采集后不会用', '水肥浪费'],
    },
    'agri.forestry': {
      objects: [
        ['毛竹', 'moso bamboo'],
        ['竹笋', 'bamboo shoots'],
        ['竹材', 'bamboo timber'],
        ['速生林木材', 'fast-growing plantation wood'],
      ],
      methods: ['竹材加工', '竹林培育', '木材改性', '森林碳汇', '竹纤维'],
      metrics: [
        ['竹材利用率', 'bamboo utilization rate', '%', 45, 75],
        ['防霉等级', 'mould resistance grade', '级', 2, 0],
      ],
      issues: ['竹材易霉变开裂', '劳动力短缺采伐难', '附加值低', '竹林退化'],
    },
    'agri.soil': {
      objects: [
        ['酸化土壤', 'acidified soils'],
        ['设施菜地', 'greenhouse vegetable soils'],
        ['茶园土壤', 'tea garden soils'],
        ['畜禽粪污', 'livestock manure'],
      ],
      methods: ['土壤改良', '有机肥', '测土配方施肥', '养分管理', '缓释肥'],
      metrics: [
        ['土壤pH', 'soil pH', '', 4.5, 5.8],
        ['有机质含量', 'soil organic matter', 'g/kg', 15, 25],
      ],
      issues: ['土壤酸化板结', '盐渍化', '肥料利用率低', '有机肥腐熟不充分'],
    },
  },
};
