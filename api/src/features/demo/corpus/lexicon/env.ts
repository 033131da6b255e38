import type { GroupLexicon } from './types.js';

export const env: GroupLexicon<'env'> = {
  venues: {
    zh: ['环境科学', '中国环境科学', '环境工程学报', '环境科学学报', '化工环保'],
    en: [
      'Water Research',
      'Journal of Hazardous Materials',
      'Journal of Cleaner Production',
      'Environmental Science & Technology',
      'Waste Management',
    ],
  },
  applications: [
    ['工业园区', 'industrial parks'],
    ['美丽乡村', 'rural environmental improvement'],
    ['中小企业', 'small and medium-sized enterprises'],
    ['太湖流域', 'the Taihu Lake basin'],
  ],
  patentKinds: ['处理方法', '处理装置', '处理系统', '资源化利用方法', '监测装置'],
  tried: [
    '环保公司做过一次改造',
    '加大了药剂投加量',
    '更换过活性炭和填料',
    '做过第三方监测',
    '请环评单位出过方案',
  ],
  leaves: {
    'env.water': {
      objects: [
        ['电镀废水', 'electroplating wastewater'],
        ['印染废水', 'dyeing wastewater'],
        ['制药废水', 'pharmaceutical wastewater'],
        ['食品加工废水', 'food processing wastewater'],
        ['农村生活污水', 'rural domestic sewage'],
      ],
      methods: ['生化处理', '高级氧化', '脱氮除磷', '膜生物反应器', '中水回用'],
      metrics: [
        ['出水COD', 'effluent COD', 'mg/L', 150, 50],
        ['总氮', 'total nitrogen', 'mg/L', 30, 12],
        ['吨水处理成本', 'treatment cost per tonne', '元/t', 12, 6],
      ],
      issues: ['出水COD不稳定', '总氮超标', '污泥产量大', '处理成本高'],
    },
    'env.air': {
      objects: [
        ['喷涂废气', 'spray painting exhaust'],
        ['注塑废气', 'injection moulding fumes'],
        ['污水站臭气', 'wastewater plant odours'],
        ['打磨粉尘', 'grinding dust'],
      ],
      methods: ['VOCs治理', '催化燃烧', '活性炭吸附', '除尘技术', '恶臭控制'],
      metrics: [
        ['非甲烷总烃排放浓度', 'non-methane hydrocarbon emissions', 'mg/m³', 80, 20],
        ['去除效率', 'removal efficiency', '%', 75, 95],
        ['颗粒物排放浓度', 'particulate emissions', 'mg/m³', 25, 5],
      ],
      issues: ['VOCs排放超标', '周边居民投诉异味', '活性炭更换频繁', '粉尘外溢'],
    },
    'env.solid': {
      objects: [
        ['电镀污泥', 'electroplating sludge'],
        ['废旧锂电池', 'spent lithium batteries'],
        ['餐厨垃圾', 'food waste'],
        ['边角废料', 'production scrap'],
        ['建筑垃圾', 'construction waste'],
      ],
      methods: ['固废资源化', '危废处置', '厌氧消化', '废旧电池回收'],
      metrics: [
        ['资源化利用率', 'recycling rate', '%', 40, 80],
        ['危废处置费用', 'hazardous waste disposal cost', '万元/年', 120, 60],
        ['有价金属回收率', 'valuable metal recovery', '%', 85, 98],
      ],
      issues: ['危废处置费用高', '固废堆存占地', '回收率低', '二次污染风险'],
    },
    'env.remediation': {
      objects: [
        ['搬迁工业地块', 'relocated industrial sites'],
        ['重金属污染农田', 'heavy-metal-contaminated farmland'],
        ['加油站地下水', 'groundwater at fuel stations'],
        ['矿山废弃地', 'abandoned mine land'],
      ],
      methods: ['土壤修复', '地下水修复', '原位化学氧化', '植物修复', '风险评估'],
      metrics: [
        ['污染物去除率', 'contaminant removal', '%', 60, 90],
        ['修复成本', 'remediation cost', '元/m³', 800, 450],
      ],
      issues: ['修复周期长', '修复成本高', '污染反弹', '二次开发受限'],
    },
    'env.monitoring': {
      objects: [
        ['河道断面', 'river cross-sections'],
        ['企业排放口', 'industrial outfalls'],
        ['园区大气', 'industrial park ambient air'],
        ['在线监测设备', 'online monitoring analysers'],
      ],
      methods: ['环境监测', '在线监测', '水质监测', '污染溯源', '排放监测'],
      metrics: [
        ['监测数据有效率', 'valid data rate', '%', 85, 98],
        ['溯源定位时间', 'source localization time', 'h', 48, 6],
      ],
      issues: ['在线数据异常', '污染来源难以确定', '运维成本高', '数据失真'],
    },
    'env.carbon': {
      objects: [
        ['出口产品', 'export products'],
        ['印染企业', 'dyeing plants'],
        ['工业园区', 'industrial parks'],
        ['建材生产线', 'building material production lines'],
      ],
      methods: ['碳排放核算', '碳足迹', '清洁生产', '生命周期评价', '能源审计'],
      metrics: [
        ['单位产值能耗', 'energy use per unit output', 'tce/万元', 0.45, 0.3],
        ['碳排放强度', 'carbon intensity', 'tCO₂/t', 1.8, 1.2],
      ],
      issues: ['碳足迹核算不会做', '客户要求碳数据', '能耗指标超限', '减排路径不清'],
    },
  },
};
