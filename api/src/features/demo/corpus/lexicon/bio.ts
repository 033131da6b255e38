import type { GroupLexicon } from './types.js';

export const bio: GroupLexicon<'bio'> = {
  venues: {
    zh: ['中国药学杂志', '药学学报', '中国医药工业杂志', '中草药', '生物工程学报'],
    en: [
      'International Journal of Pharmaceutics',
      'European Journal of Pharmaceutical Sciences',
      'Biotechnology and Bioengineering',
      'Journal of Pharmaceutical and Biomedical Analysis',
    ],
  },
  applications: [
    ['仿制药开发', 'generic drug development'],
    ['基层医疗', 'primary care'],
    ['慢病管理', 'chronic disease management'],
    ['生物制造', 'biomanufacturing'],
  ],
  patentKinds: ['制备方法', '组合物及其制备方法', '检测试剂盒', '装置', '应用'],
  tried: [
    '做过多轮处方筛选',
    '委托CRO公司做过研究',
    '调整过工艺参数和辅料',
    '按药典方法做过复核',
    '请退休专家来厂指导过',
  ],
  leaves: {
    'bio.formulation': {
      objects: [
        ['缓释片', 'sustained-release tablets'],
        ['口服固体制剂', 'oral solid dosage forms'],
        ['软胶囊', 'soft capsules'],
        ['注射用冻干粉针', 'lyophilized powder for injection'],
      ],
      methods: ['药物制剂', '缓释制剂', '包衣工艺', '一致性评价'],
      metrics: [
        ['溶出度', 'dissolution', '%', 75, 90],
        ['含量均匀度', 'content uniformity (AV)', '', 12, 5],
        ['片剂脆碎度', 'tablet friability', '%', 0.9, 0.3],
      ],
      issues: ['溶出曲线与参比制剂不一致', '包衣开裂', '稳定性试验不合格', '压片粘冲'],
    },
    'bio.api': {
      objects: [
        ['原料药', 'active pharmaceutical ingredients'],
        ['医药中间体', 'pharmaceutical intermediates'],
        ['手性药物', 'chiral drugs'],
        ['抗肿瘤药物中间体', 'anticancer drug intermediates'],
      ],
      methods: ['药物合成', '杂质控制', '手性合成', '绿色工艺'],
      metrics: [
        ['总收率', 'overall yield', '%', 35, 55],
        ['单杂含量', 'largest single impurity', '%', 0.3, 0.1],
        ['对映体过量值', 'enantiomeric excess', '%', 95, 99.5],
      ],
      issues: ['杂质超标', '晶型转变', '收率低成本高', '溶剂残留偏高'],
    },
    'bio.fermentation': {
      objects: [
        ['氨基酸发酵', 'amino acid fermentation'],
        ['酶制剂', 'enzyme preparations'],
        ['益生菌菌粉', 'probiotic powders'],
        ['微生物多糖', 'microbial polysaccharides'],
      ],
      methods: ['发酵工程', '菌种选育', '代谢工程', '发酵放大', '下游纯化'],
      metrics: [
        ['发酵单位', 'fermentation titre', 'g/L', 45, 80],
        ['发酵周期', 'fermentation cycle', 'h', 96, 60],
        ['活菌数', 'viable count', '亿CFU/g', 500, 1500],
      ],
      issues: ['发酵产量低', '染菌', '放大后效价下降', '提取收率低'],
    },
    'bio.device': {
      objects: [
        ['一次性输液器', 'disposable infusion sets'],
        ['医用导管', 'medical catheters'],
        ['康复训练器械', 'rehabilitation training devices'],
        ['可穿戴血氧仪', 'wearable pulse oximeters'],
      ],
      methods: ['医疗器械', '生物相容性', '灭菌验证', '可穿戴监测', '医用高分子'],
      metrics: [
        ['产品合格率', 'product yield', '%', 93, 99],
        ['测量误差', 'measurement error', '%', 4, 2],
        ['注册周期', 'registration time', '月', 24, 14],
      ],
      issues: ['注册检验不通过', '环氧乙烷残留超标', '导管打折', '测量误差大'],
    },
    'bio.tcm': {
      objects: [
        ['中药饮片', 'prepared herbal slices'],
        ['植物提取物', 'plant extracts'],
        ['中药配方颗粒', 'TCM dispensing granules'],
        ['竹叶黄酮', 'bamboo leaf flavonoids'],
      ],
      methods: ['中药提取', '有效成分', '指纹图谱', '大孔树脂纯化', '药效评价'],
      metrics: [
        ['有效成分含量', 'active constituent content', '%', 40, 80],
        ['提取率', 'extraction yield', '%', 65, 85],
      ],
      issues: ['有效成分含量低', '批次差异大', '提取能耗高', '质量标准不完善'],
    },
    'bio.ivd': {
      objects: [
        ['胶体金试纸条', 'colloidal gold test strips'],
        ['化学发光试剂盒', 'chemiluminescence kits'],
        ['核酸检测试剂', 'nucleic acid test reagents'],
        ['POCT检测卡', 'POCT test cards'],
      ],
      methods: ['免疫层析', '化学发光', '核酸检测', '抗体制备', '微流控芯片'],
      metrics: [
        ['检测灵敏度', 'detection sensitivity', 'ng/mL', 1, 0.1],
        ['批间差', 'inter-batch CV', '%', 15, 8],
        ['检测时间', 'time to result', 'min', 30, 12],
      ],
      issues: ['灵敏度不够', '批间差大', '假阳性偏高', '试剂稳定性差'],
    },
    'bio.gmp': {
      objects: [
        ['固体制剂车间', 'solid dosage workshops'],
        ['质量控制实验室', 'quality control laboratories'],
        ['洁净区', 'clean rooms'],
        ['生产批记录', 'batch production records'],
      ],
      methods: ['GMP', '清洁验证', '数据完整性', '质量风险管理'],
      metrics: [
        ['偏差数量', 'deviations', '起/季', 20, 5],
        ['检验放行周期', 'release testing time', '天', 12, 6],
      ],
      issues: ['飞行检查发现缺陷', '偏差频发', '数据完整性不满足要求', '清洁残留超限'],
    },
  },
};
