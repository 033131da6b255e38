import type { GroupLexicon } from './types.js';

export const chem: GroupLexicon<'chem'> = {
  venues: {
    zh: ['化工学报', '化工进展', '高校化学工程学报', '精细化工', '分析化学'],
    en: [
      'Chemical Engineering Journal',
      'Industrial & Engineering Chemistry Research',
      'Organic Process Research & Development',
      'Journal of Catalysis',
      'Separation and Purification Technology',
    ],
  },
  applications: [
    ['医药中间体生产', 'pharmaceutical intermediate production'],
    ['涂料助剂', 'coating additives'],
    ['电子化学品', 'electronic chemicals'],
    ['精细化工园区', 'fine chemical parks'],
  ],
  patentKinds: ['制备方法', '合成方法', '分离纯化方法', '催化剂及其制备方法', '检测方法'],
  tried: [
    '调整过反应温度和投料比',
    '更换过溶剂体系',
    '参考文献工艺做过小试',
    '请设备厂家改造过换热系统',
    '做过几批次的中试验证',
  ],
  leaves: {
    'chem.fine': {
      objects: [
        ['水性涂料助剂', 'waterborne coating additives'],
        ['染料中间体', 'dye intermediates'],
        ['有机硅表面活性剂', 'silicone surfactants'],
        ['香料', 'fragrance compounds'],
      ],
      methods: ['有机合成', '合成路线', '副产物控制', '收率提升'],
      metrics: [
        ['反应收率', 'reaction yield', '%', 72, 88],
        ['产品纯度', 'product purity', '%', 97.5, 99.5],
        ['三废产生量', 'waste generation', 't/t产品', 3.5, 1.5],
      ],
      issues: ['收率偏低', '副产物多', '产品色泽偏深', '批次间质量波动'],
    },
    'chem.process': {
      objects: [
        ['硝化反应', 'nitration reactions'],
        ['间歇釜式工艺', 'batch reactor processes'],
        ['聚合反应', 'polymerization reactions'],
        ['氧化工段', 'oxidation sections'],
      ],
      methods: ['过程强化', '连续流反应', '微反应器', '工艺放大', '流程模拟'],
      metrics: [
        ['反应时间', 'reaction time', 'h', 10, 2],
        ['单位能耗', 'specific energy consumption', 'kgce/t', 350, 240],
        ['产能', 'throughput', 't/a', 500, 1200],
      ],
      issues: ['放大后收率下降', '反应放热难控制', '间歇生产效率低', '能耗偏高'],
    },
    'chem.catalysis': {
      objects: [
        ['加氢催化剂', 'hydrogenation catalysts'],
        ['钯碳催化剂', 'palladium on carbon catalysts'],
        ['光催化材料', 'photocatalytic materials'],
        ['分子筛催化剂', 'zeolite catalysts'],
      ],
      methods: ['多相催化', '加氢反应', '光催化', '分子筛'],
      metrics: [
        ['目标产物选择性', 'selectivity to target product', '%', 82, 96],
        ['催化剂使用寿命', 'catalyst lifetime', '批次', 8, 25],
        ['贵金属用量', 'precious metal loading', '%', 5, 2],
      ],
      issues: ['催化剂失活快', '选择性不高', '贵金属成本高', '催化剂回收困难'],
    },
    'chem.separation': {
      objects: [
        ['混合溶剂', 'mixed solvents'],
        ['发酵液', 'fermentation broth'],
        ['高盐废液', 'high-salinity waste liquor'],
        ['共沸物系', 'azeotropic mixtures'],
      ],
      methods: ['精馏', '膜分离', '萃取', '结晶工艺', '溶剂回收'],
      metrics: [
        ['溶剂回收率', 'solvent recovery', '%', 85, 97],
        ['产品纯度', 'product purity', '%', 98, 99.8],
        ['蒸汽消耗', 'steam consumption', 't/t', 4.5, 2.8],
      ],
      issues: ['分离不彻底', '溶剂损耗大', '结晶粒度不均', '蒸汽消耗高'],
    },
    'chem.analysis': {
      objects: [
        ['原料杂质', 'raw material impurities'],
        ['有机溶剂残留', 'residual solvents'],
        ['塑料添加剂', 'plastic additives'],
        ['金属离子含量', 'metal ion content'],
      ],
      methods: ['高效液相色谱', '气相色谱质谱', '红外光谱', '成分分析', '方法验证'],
      metrics: [
        ['检出限', 'limit of detection', 'mg/kg', 1, 0.05],
        ['单次检测时间', 'analysis time per sample', 'min', 60, 15],
      ],
      issues: ['检测周期长', '未知杂质无法定性', '检测结果与客户不一致', '检出限不够低'],
    },
    'chem.safety': {
      objects: [
        ['硝化工艺', 'nitration processes'],
        ['危化品仓库', 'hazardous chemical warehouses'],
        ['溶剂储罐区', 'solvent tank farms'],
        ['精馏装置', 'distillation units'],
      ],
      methods: ['化工安全', '反应热风险', '危险与可操作性分析', '泄漏预警'],
      metrics: [
        ['报警响应时间', 'alarm response time', 's', 60, 10],
        ['安全隐患数', 'open safety hazards', '项', 18, 3],
      ],
      issues: ['反应安全风险评估缺失', '泄漏难以及时发现', '安全整改压力大', '自动化控制水平低'],
    },
  },
};
