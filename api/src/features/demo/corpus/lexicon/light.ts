import type { GroupLexicon } from './types.js';

export const light: GroupLexicon<'light'> = {
  venues: {
    zh: ['纺织学报', '林业工程学报', '中国造纸学报', '包装工程', '木材科学与技术'],
    en: [
      'Textile Research Journal',
      'Wood Science and Technology',
      'Applied Acoustics',
      'Dyes and Pigments',
      'BioResources',
    ],
  },
  applications: [
    ['绿色家居', 'green home furnishing'],
    ['全屋定制', 'whole-house customization'],
    ['高端乐器', 'high-end musical instruments'],
    ['跨境出口', 'export markets'],
  ],
  patentKinds: ['生产工艺', '制备方法', '结构', '加工装置', '检测方法'],
  tried: [
    '换过胶黏剂和原纸供应商',
    '请老师傅凭经验调过',
    '送样到检测中心测过',
    '调整过车间温湿度',
    '参考过进口产品做过对比',
  ],
  leaves: {
    'light.fibre': {
      objects: [
        ['功能性面料', 'functional fabrics'],
        ['涤纶长丝', 'polyester filament'],
        ['产业用帆布', 'industrial canvas'],
        ['竹纤维纱线', 'bamboo fibre yarn'],
      ],
      methods: ['功能纤维', '纺纱工艺', '织造', '产业用纺织品'],
      metrics: [
        ['断裂强度', 'breaking tenacity', 'cN/dtex', 3.5, 4.5],
        ['织疵率', 'fabric defect rate', '%', 4, 1],
      ],
      issues: ['断头率高', '强度偏低', '织疵多', '起毛起球'],
    },
    'light.dyeing': {
      objects: [
        ['棉针织物', 'cotton knits'],
        ['涤纶面料', 'polyester fabrics'],
        ['数码印花家纺', 'digitally printed home textiles'],
        ['再生纤维素面料', 'regenerated cellulose fabrics'],
      ],
      methods: ['数码印花', '色牢度', '功能整理', '少水染色'],
      metrics: [
        ['一次染色合格率', 'right-first-time dyeing rate', '%', 85, 96],
        ['水洗色牢度', 'wash fastness', '级', 3, 4],
        ['吨布用水量', 'water use per tonne of fabric', 't', 120, 70],
      ],
      issues: ['色差', '色牢度不达标', '用水量大', '染色不匀'],
    },
    'light.nonwoven': {
      objects: [
        ['熔喷滤材', 'melt-blown filter media'],
        ['水刺无纺布', 'spunlace nonwovens'],
        ['空气过滤器', 'air filters'],
        ['卫生用品面层', 'hygiene product top sheets'],
      ],
      methods: ['非织造布', '熔喷', '水刺', '过滤材料', '驻极处理'],
      metrics: [
        ['过滤效率', 'filtration efficiency', '%', 90, 99],
        ['过滤阻力', 'pressure drop', 'Pa', 120, 70],
      ],
      issues: ['过滤效率衰减快', '克重不均', '驻极效果不稳定', '阻力偏高'],
    },
    'light.furniture': {
      objects: [
        ['板式定制柜体', 'custom panel cabinets'],
        ['实木家具', 'solid wood furniture'],
        ['户外竹木家具', 'outdoor bamboo and wood furniture'],
        ['办公椅', 'office chairs'],
      ],
      methods: ['人造板', '木材干燥', '封边工艺', '板式家具', '无醛胶黏剂'],
      metrics: [
        ['甲醛释放量', 'formaldehyde emission', 'mg/m³', 0.08, 0.025],
        ['板材利用率', 'panel utilization', '%', 82, 92],
        ['含水率偏差', 'moisture content deviation', '%', 3, 1],
      ],
      issues: ['甲醛释放量偏高', '实木开裂变形', '封边脱胶', '开料浪费大'],
    },
    'light.decor': {
      objects: [
        ['三聚氰胺浸渍纸', 'melamine-impregnated paper'],
        ['装饰原纸', 'decorative base paper'],
        ['强化复合地板', 'laminate flooring'],
        ['PVC装饰膜', 'PVC decorative films'],
      ],
      methods: ['浸渍纸', '三聚氰胺浸渍', '表面耐磨', '凹版印刷', '装饰纸'],
      metrics: [
        ['表面耐磨转数', 'surface abrasion resistance', '转', 4000, 6000],
        ['色差ΔE', 'colour difference ΔE', '', 1.5, 0.5],
        ['浸渍纸废品率', 'scrap rate of impregnated paper', '%', 5, 1.5],
      ],
      issues: ['压贴后表面发花', '批次色差', '浸渍纸发脆', '印刷套色不准'],
    },
    'light.packaging': {
      objects: [
        ['电商快递包装', 'e-commerce shipping packaging'],
        ['纸浆模塑托盘', 'moulded pulp trays'],
        ['瓦楞纸箱', 'corrugated boxes'],
        ['家具包装', 'furniture packaging'],
      ],
      methods: ['包装设计', '纸浆模塑', '可降解包装', '缓冲包装'],
      metrics: [
        ['运输破损率', 'transit damage rate', '%', 3, 0.5],
        ['包装成本', 'packaging cost', '元/件', 18, 12],
        ['边压强度', 'edge crush strength', 'N/m', 5000, 7000],
      ],
      issues: ['运输破损率高', '包装成本高', '纸箱受潮塌箱', '塑料包装替代难'],
    },
    'light.instrument': {
      objects: [
        ['立式钢琴', 'upright pianos'],
        ['钢琴音板', 'piano soundboards'],
        ['击弦机', 'piano actions'],
        ['电钢琴', 'digital pianos'],
      ],
      methods: ['钢琴制造', '声学测试', '木材声学', '调律', '智能钢琴'],
      metrics: [
        ['音准保持时间', 'tuning stability', '月', 3, 8],
        ['一次装配合格率', 'first-pass assembly yield', '%', 85, 96],
      ],
      issues: ['音色发闷', '音板开裂', '跑音快', '手工工序多效率低'],
    },
  },
};
