import type { GroupLexicon } from './types.js';

export const mat: GroupLexicon<'mat'> = {
  venues: {
    zh: ['材料导报', '金属学报', '复合材料学报', '高分子材料科学与工程', '材料热处理学报'],
    en: [
      'Materials & Design',
      'Journal of Alloys and Compounds',
      'Composites Part B: Engineering',
      'Surface and Coatings Technology',
      'Corrosion Science',
    ],
  },
  applications: [
    ['新能源汽车', 'new energy vehicles'],
    ['绿色家居', 'green home furnishing'],
    ['电子封装', 'electronic packaging'],
    ['轨道交通', 'rail transit'],
  ],
  patentKinds: ['制备方法', '复合材料及其制备方法', '处理工艺', '涂层及其制备方法'],
  tried: [
    '调整过配方比例',
    '更换了两家原料供应商',
    '参照国外样品做过对比分析',
    '委托第三方检测机构做过成分分析',
    '小批量试过几种工艺路线',
  ],
  leaves: {
    'mat.metal': {
      objects: [
        ['齿轮钢', 'gear steel'],
        ['6061铝合金型材', '6061 aluminium profiles'],
        ['弹簧钢丝', 'spring steel wire'],
        ['紧固件', 'fasteners'],
        ['模具钢', 'die steel'],
      ],
      methods: ['热处理', '渗碳淬火', '晶粒细化', '时效强化'],
      metrics: [
        ['抗拉强度', 'tensile strength', 'MPa', 280, 340],
        ['表面硬度', 'surface hardness', 'HRC', 52, 60],
        ['热处理变形量', 'heat treatment distortion', 'mm', 0.25, 0.08],
      ],
      issues: ['淬火开裂', '硬度不均', '热处理变形超差', '晶粒粗大'],
    },
    'mat.polymer': {
      objects: [
        ['改性聚丙烯粒料', 'modified polypropylene compounds'],
        ['阻燃电缆料', 'flame-retardant cable compounds'],
        ['户外塑料件', 'outdoor plastic parts'],
        ['PVC型材', 'PVC profiles'],
        ['可降解餐具', 'biodegradable tableware'],
      ],
      methods: ['共混改性', '增韧', '抗老化', '高分子改性'],
      metrics: [
        ['缺口冲击强度', 'notched impact strength', 'kJ/m²', 8, 15],
        ['氧指数', 'limiting oxygen index', '%', 24, 30],
        ['熔体流动速率', 'melt flow rate', 'g/10min', 12, 25],
      ],
      issues: ['低温脆裂', '户外使用后黄变', '阻燃等级不达标', '批次间性能波动'],
    },
    'mat.composite': {
      objects: [
        ['碳纤维管件', 'carbon fibre tubes'],
        ['玻璃钢格栅', 'FRP gratings'],
        ['风电叶片', 'wind turbine blades'],
        ['复合材料电池上盖', 'composite battery pack lids'],
      ],
      methods: ['碳纤维复合材料', '界面结合', '真空导入', '玻璃纤维增强'],
      metrics: [
        ['层间剪切强度', 'interlaminar shear strength', 'MPa', 45, 65],
        ['孔隙率', 'void content', '%', 3.5, 1],
        ['固化周期', 'curing cycle', 'h', 8, 4],
      ],
      issues: ['分层', '表面干斑', '固化不完全', '孔隙率偏高'],
    },
    'mat.ceramic': {
      objects: [
        ['氧化铝陶瓷基板', 'alumina ceramic substrates'],
        ['陶瓷密封环', 'ceramic seal rings'],
        ['气凝胶保温毡', 'aerogel insulation blankets'],
        ['耐火材料', 'refractories'],
      ],
      methods: ['烧结工艺', '粉体制备', '先进陶瓷'],
      metrics: [
        ['相对密度', 'relative density', '%', 95, 99],
        ['抗弯强度', 'flexural strength', 'MPa', 280, 380],
        ['热导率', 'thermal conductivity', 'W/(m·K)', 0.035, 0.021],
      ],
      issues: ['烧结开裂', '尺寸收缩不一致', '掉粉', '致密度不够'],
    },
    'mat.coating': {
      objects: [
        ['五金配件', 'hardware fittings'],
        ['汽车铝轮毂', 'aluminium wheels'],
        ['刀具', 'cutting tools'],
        ['家具钢管', 'furniture steel tubes'],
        ['镁合金壳体', 'magnesium alloy housings'],
      ],
      methods: ['热喷涂', '物理气相沉积', '耐磨涂层', '微弧氧化', '粉末涂料'],
      metrics: [
        ['涂层附着力', 'coating adhesion', '级', 2, 0],
        ['涂层硬度', 'coating hardness', 'HV', 800, 1500],
        ['膜厚偏差', 'film thickness deviation', 'μm', 15, 5],
      ],
      issues: ['涂层起泡脱落', '膜厚不均', '橘皮', '耐磨性不足'],
    },
    'mat.corrosion': {
      objects: [
        ['户外钢结构', 'outdoor steel structures'],
        ['换热管', 'heat exchanger tubes'],
        ['镀锌件', 'galvanized parts'],
        ['不锈钢管道', 'stainless steel pipelines'],
      ],
      methods: ['腐蚀防护', '缓蚀剂', '阴极保护', '钝化处理'],
      metrics: [
        ['中性盐雾试验时间', 'neutral salt spray resistance', 'h', 240, 720],
        ['腐蚀速率', 'corrosion rate', 'mm/a', 0.12, 0.02],
      ],
      issues: ['锈蚀过快', '点蚀穿孔', '焊缝处锈斑', '盐雾试验不合格'],
    },
    'mat.functional': {
      objects: [
        ['烧结钕铁硼磁体', 'sintered NdFeB magnets'],
        ['导热界面材料', 'thermal interface materials'],
        ['石墨烯导电浆料', 'graphene conductive pastes'],
        ['电磁屏蔽膜', 'EMI shielding films'],
      ],
      methods: ['磁性材料', '纳米材料', '石墨烯', '导热材料'],
      metrics: [
        ['内禀矫顽力', 'intrinsic coercivity', 'kOe', 16, 22],
        ['热导率', 'thermal conductivity', 'W/(m·K)', 3, 6],
        ['方阻', 'sheet resistance', 'Ω/sq', 50, 15],
      ],
      issues: ['磁性能一致性差', '导热性能不达标', '分散不均匀团聚', '高温退磁'],
    },
  },
};
