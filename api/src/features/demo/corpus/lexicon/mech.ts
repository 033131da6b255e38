import type { GroupLexicon } from './types.js';

export const mech: GroupLexicon<'mech'> = {
  venues: {
    zh: [
      '机械工程学报',
      '中国机械工程',
      '机械设计',
      '计算机集成制造系统',
      '组合机床与自动化加工技术',
    ],
    en: [
      'Journal of Manufacturing Processes',
      'International Journal of Machine Tools and Manufacture',
      'Mechanical Systems and Signal Processing',
      'Journal of Materials Processing Technology',
    ],
  },
  applications: [
    ['汽车零部件制造', 'automotive component manufacturing'],
    ['通用装备', 'general machinery'],
    ['精密传动部件', 'precision transmission components'],
    ['高端装备', 'high-end equipment'],
  ],
  patentKinds: ['装置', '加工方法', '检测装置', '夹具', '系统及方法'],
  tried: [
    '请设备厂家上门调试过多次',
    '参照同行经验调整了工艺参数',
    '更换了刀具和原材料供应商',
    '增加了人工全检工序',
    '技术人员做过几轮正交试验',
  ],
  leaves: {
    'mech.design': {
      objects: [
        ['减速机箱体', 'reducer housing'],
        ['起重机主梁', 'crane main girder'],
        ['农机机架', 'agricultural machine frame'],
        ['传动轴', 'drive shaft'],
        ['机床床身', 'machine tool bed'],
      ],
      methods: ['有限元分析', '拓扑优化', '可靠性设计', '轻量化设计', '模态分析'],
      metrics: [
        ['结构重量', 'structural mass', 'kg', 182, 150],
        ['疲劳寿命', 'fatigue life', '万次', 80, 200],
        ['最大应力', 'maximum stress', 'MPa', 310, 220],
      ],
      issues: ['焊缝处疲劳开裂', '重量偏大成本高', '运行中共振明显', '刚度不足变形大'],
    },
    'mech.cnc': {
      objects: [
        ['薄壁铝合金壳体', 'thin-walled aluminium housing'],
        ['精密轴类零件', 'precision shaft parts'],
        ['钛合金叶片', 'titanium alloy blades'],
        ['液压阀体', 'hydraulic valve body'],
        ['齿轮箱体', 'gearbox housing'],
      ],
      methods: ['五轴联动', '热误差补偿', '切削参数优化', '颤振抑制', '刀具路径规划'],
      metrics: [
        ['表面粗糙度Ra', 'surface roughness Ra', 'μm', 1.6, 0.4],
        ['尺寸精度', 'dimensional accuracy', 'μm', 25, 8],
        ['单件加工时间', 'cycle time per part', 'min', 42, 28],
      ],
      issues: ['加工振纹明显', '尺寸一致性差', '刀具磨损过快', '热变形导致尺寸漂移'],
    },
    'mech.mould': {
      objects: [
        ['注塑件', 'injection-moulded parts'],
        ['汽车内饰件', 'automotive interior parts'],
        ['冲压件', 'stamped parts'],
        ['铝合金压铸件', 'aluminium die castings'],
        ['薄壁塑料外壳', 'thin-walled plastic enclosures'],
      ],
      methods: ['模流分析', '随形冷却', '回弹补偿', '保压工艺', '注塑成型'],
      metrics: [
        ['不良率', 'defect rate', '%', 6.5, 1.5],
        ['成型周期', 'moulding cycle time', 's', 48, 32],
        ['翘曲变形量', 'warpage', 'mm', 0.8, 0.2],
      ],
      issues: ['表面缩痕', '翘曲变形', '冲压开裂', '压铸气孔', '熔接痕明显'],
    },
    'mech.welding': {
      objects: [
        ['不锈钢薄板', 'stainless steel thin sheets'],
        ['铝合金电池托盘', 'aluminium battery trays'],
        ['钢结构焊接件', 'welded steel structures'],
        ['压力容器', 'pressure vessels'],
      ],
      methods: ['激光焊接', '搅拌摩擦焊', '焊缝跟踪', '焊接变形控制', '电阻点焊'],
      metrics: [
        ['焊缝一次合格率', 'first-pass weld yield', '%', 88, 98],
        ['焊接变形量', 'welding distortion', 'mm', 2.5, 0.6],
        ['接头强度系数', 'joint efficiency', '%', 70, 90],
      ],
      issues: ['焊缝气孔', '焊后变形大', '焊接飞溅严重', '焊缝强度不稳定'],
    },
    'mech.robot': {
      objects: [
        ['上下料工作站', 'loading and unloading cell'],
        ['码垛机器人', 'palletizing robot'],
        ['装配生产线', 'assembly line'],
        ['打磨工作站', 'grinding and polishing cell'],
        ['分拣设备', 'sorting equipment'],
      ],
      methods: ['工业机器人', '轨迹规划', '离线编程', '手眼标定', '柔性抓取'],
      metrics: [
        ['节拍', 'takt time', 's', 18, 11],
        ['重复定位精度', 'repeatability', 'mm', 0.5, 0.1],
        ['人工用量', 'operators per shift', '人', 12, 4],
      ],
      issues: ['换型调试时间长', '抓取成功率低', '定位偏差大', '依赖熟练工人'],
    },
    'mech.fluid': {
      objects: [
        ['液压站', 'hydraulic power unit'],
        ['液压油缸', 'hydraulic cylinders'],
        ['气动夹具', 'pneumatic fixtures'],
        ['液压折弯机', 'hydraulic press brake'],
      ],
      methods: ['电液伺服', '比例阀', '气动控制', '流场仿真', '泄漏检测'],
      metrics: [
        ['系统油温', 'oil temperature', '℃', 68, 50],
        ['位置控制精度', 'position control accuracy', 'mm', 0.3, 0.05],
        ['能耗', 'energy consumption', 'kWh/班', 95, 70],
      ],
      issues: ['内泄漏严重', '油温过高', '动作冲击大', '压力波动明显'],
    },
    'mech.diagnosis': {
      objects: [
        ['风机', 'industrial fans'],
        ['电机轴承', 'motor bearings'],
        ['齿轮减速机', 'gear reducers'],
        ['空压机', 'air compressors'],
        ['主轴系统', 'spindle systems'],
      ],
      methods: ['故障诊断', '振动分析', '状态监测', '剩余寿命预测', '减振降噪'],
      metrics: [
        ['运行噪声', 'operating noise', 'dB(A)', 85, 75],
        ['振动速度有效值', 'vibration velocity RMS', 'mm/s', 7.1, 2.8],
        ['非计划停机次数', 'unplanned stoppages', '次/月', 6, 1],
      ],
      issues: ['异响频发', '轴承早期失效', '振动超标', '突发停机'],
    },
    'mech.additive': {
      objects: [
        ['随形水路模具镶件', 'conformal-cooled mould inserts'],
        ['钛合金植入物', 'titanium implants'],
        ['轻量化支架', 'lightweight brackets'],
        ['316L不锈钢零件', '316L stainless steel parts'],
      ],
      methods: ['激光选区熔化', '金属3D打印', '点阵结构', '激光熔覆', '支撑结构设计'],
      metrics: [
        ['致密度', 'relative density', '%', 97.5, 99.6],
        ['打印成功率', 'build success rate', '%', 75, 95],
        ['后处理工时', 'post-processing time', 'h', 10, 4],
      ],
      issues: ['打印件翘曲开裂', '内部孔隙', '支撑难去除', '表面粗糙'],
    },
  },
};
