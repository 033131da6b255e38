import type { GroupLexicon } from './types.js';

export const energy: GroupLexicon<'energy'> = {
  venues: {
    zh: ['储能科学与技术', '电源技术', '太阳能学报', '中国电机工程学报', '汽车工程'],
    en: [
      'Journal of Power Sources',
      'Applied Energy',
      'Energy Storage Materials',
      'IEEE Transactions on Transportation Electrification',
      'International Journal of Hydrogen Energy',
    ],
  },
  applications: [
    ['新能源汽车', 'new energy vehicles'],
    ['工商业储能', 'commercial and industrial energy storage'],
    ['零碳园区', 'zero-carbon parks'],
    ['两轮电动车', 'electric two-wheelers'],
  ],
  patentKinds: ['制备方法', '管理系统', '装置', '控制方法', '结构'],
  tried: [
    '对标过头部企业的产品',
    '做过多轮台架试验',
    '更换过电芯或材料供应商',
    '请主机厂工程师一起分析过',
    '调整过工艺窗口',
  ],
  leaves: {
    'energy.battery': {
      objects: [
        ['磷酸铁锂电芯', 'LiFePO4 cells'],
        ['三元正极材料', 'NCM cathode materials'],
        ['硅碳负极', 'silicon-carbon anodes'],
        ['锂电池极片', 'battery electrode sheets'],
        ['软包电池', 'pouch cells'],
      ],
      methods: ['极片涂布', '电池一致性', '固态电池', '正极材料', '电解液'],
      metrics: [
        ['循环寿命', 'cycle life', '次', 2000, 4000],
        ['能量密度', 'energy density', 'Wh/kg', 160, 200],
        ['面密度偏差', 'coating weight deviation', '%', 3, 1],
      ],
      issues: ['容量衰减快', '电芯一致性差', '极片涂布不均', '低温性能差', '析锂'],
    },
    'energy.ev': {
      objects: [
        ['电池包壳体', 'battery pack housings'],
        ['驱动电机定子', 'traction motor stators'],
        ['电驱动总成', 'electric drive assemblies'],
        ['高压线束', 'high-voltage harnesses'],
        ['热管理水冷板', 'liquid cooling plates'],
      ],
      methods: ['电池管理系统', '热管理系统', '电驱动总成', '驱动电机'],
      metrics: [
        ['气密性泄漏率', 'leak rate', 'Pa/min', 50, 10],
        ['电芯温差', 'cell temperature difference', '℃', 8, 3],
        ['系统效率', 'system efficiency', '%', 88, 92],
      ],
      issues: ['气密性检测不合格', '电芯温差过大', '电机异响', '轻量化不达标'],
    },
    'energy.pv': {
      objects: [
        ['光伏组件', 'PV modules'],
        ['屋顶分布式电站', 'rooftop PV plants'],
        ['TOPCon电池片', 'TOPCon solar cells'],
        ['光伏支架', 'PV mounting structures'],
      ],
      methods: ['太阳能电池', '光伏逆变器', '最大功率点跟踪', '分布式光伏', '组件衰减'],
      metrics: [
        ['转换效率', 'conversion efficiency', '%', 22.5, 25],
        ['年衰减率', 'annual degradation', '%', 0.8, 0.4],
        ['系统发电量', 'annual yield', 'kWh/kWp', 950, 1100],
      ],
      issues: ['发电量低于预期', '组件隐裂', '热斑', '灰尘遮挡严重'],
    },
    'energy.storage': {
      objects: [
        ['工商业储能柜', 'C&I energy storage cabinets'],
        ['储能电站', 'energy storage stations'],
        ['退役动力电池', 'retired traction batteries'],
        ['户用储能系统', 'residential storage systems'],
      ],
      methods: ['储能系统', '储能变流器', '能量管理', '荷电状态估计', '梯次利用'],
      metrics: [
        ['荷电状态估计误差', 'SOC estimation error', '%', 6, 2],
        ['系统循环效率', 'round-trip efficiency', '%', 84, 90],
        ['投资回收期', 'payback period', '年', 8, 5],
      ],
      issues: ['SOC估计不准', '收益测算不清', '温控能耗高', '电池簇不均衡'],
    },
    'energy.hydrogen': {
      objects: [
        ['燃料电池电堆', 'fuel cell stacks'],
        ['碱性电解槽', 'alkaline electrolysers'],
        ['金属双极板', 'metal bipolar plates'],
        ['车载储氢瓶阀', 'on-board hydrogen cylinder valves'],
      ],
      methods: ['氢燃料电池', '电解水制氢', '质子交换膜', '膜电极', '双极板'],
      metrics: [
        ['体积功率密度', 'volumetric power density', 'kW/L', 3, 4.5],
        ['制氢电耗', 'electricity per Nm³ H₂', 'kWh/Nm³', 4.8, 4.2],
      ],
      issues: ['电堆衰减快', '双极板腐蚀', '制氢能耗高', '成本居高不下'],
    },
    'energy.thermal': {
      objects: [
        ['定型机废气余热', 'stenter exhaust heat'],
        ['空压机余热', 'air compressor waste heat'],
        ['蒸汽管网', 'steam networks'],
        ['烘干线', 'drying lines'],
      ],
      methods: ['余热回收', '换热器', '热泵', '传热强化', '能效提升'],
      metrics: [
        ['热效率', 'thermal efficiency', '%', 65, 82],
        ['天然气用量', 'natural gas consumption', '万m³/年', 120, 85],
      ],
      issues: ['余热直接排放', '换热器结垢', '蒸汽损耗大', '能耗成本高'],
    },
    'energy.grid': {
      objects: [
        ['厂区配电网', 'plant distribution networks'],
        ['园区微电网', 'park microgrids'],
        ['充电站群', 'charging station clusters'],
        ['用电负荷', 'electricity loads'],
      ],
      methods: ['微电网', '负荷预测', '需求响应', '电能质量', '虚拟电厂'],
      metrics: [
        ['需量电费', 'demand charges', '万元/年', 80, 50],
        ['电压谐波畸变率', 'voltage THD', '%', 8, 3],
        ['负荷预测误差', 'load forecast error', '%', 12, 4],
      ],
      issues: ['峰谷电价下用电成本高', '谐波干扰设备', '变压器容量不足', '光伏消纳困难'],
    },
  },
};
