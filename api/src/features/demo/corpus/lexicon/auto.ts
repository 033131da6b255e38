import type { GroupLexicon } from './types.js';

export const auto: GroupLexicon<'auto'> = {
  venues: {
    zh: ['自动化学报', '控制理论与应用', '控制与决策', '电机与控制学报', '计量学报'],
    en: [
      'Control Engineering Practice',
      'IEEE Transactions on Automation Science and Engineering',
      'ISA Transactions',
      'Measurement',
    ],
  },
  applications: [
    ['离散制造', 'discrete manufacturing'],
    ['流程工业', 'process industries'],
    ['智能仓储', 'intelligent warehousing'],
    ['电动汽车', 'electric vehicles'],
  ],
  patentKinds: ['控制方法', '控制系统', '检测装置', '调度方法', '标定方法'],
  tried: [
    '请系统集成商改过程序',
    '升级过PLC和伺服驱动器',
    '手动调过控制参数',
    '增加了人工抽检频次',
    '考察过几家同行的自动化产线',
  ],
  leaves: {
    'auto.motion': {
      objects: [
        ['包装机', 'packaging machines'],
        ['贴标机', 'labelling machines'],
        ['飞剪系统', 'flying shear systems'],
        ['多轴点胶设备', 'multi-axis dispensing equipment'],
      ],
      methods: ['运动控制', '伺服系统', '电子凸轮', '多轴同步'],
      metrics: [
        ['生产速度', 'line speed', '包/min', 80, 150],
        ['定位精度', 'positioning accuracy', 'mm', 0.5, 0.1],
      ],
      issues: ['高速运行时定位不准', '多轴不同步', '换产调整繁琐', '启停冲击大'],
    },
    'auto.process': {
      objects: [
        ['反应釜', 'batch reactors'],
        ['热处理炉', 'heat treatment furnaces'],
        ['干燥窑', 'drying kilns'],
        ['锅炉燃烧系统', 'boiler combustion systems'],
      ],
      methods: ['过程控制', 'PID整定', '模型预测控制', '温度控制', '软测量'],
      metrics: [
        ['温度波动', 'temperature fluctuation', '℃', 5, 1],
        ['超调量', 'overshoot', '%', 15, 3],
        ['单位产品能耗', 'energy per unit product', 'kgce/t', 120, 95],
      ],
      issues: ['温度波动大', '控制回路振荡', '依赖人工调节', '工况切换不稳'],
    },
    'auto.drive': {
      objects: [
        ['永磁同步电机', 'permanent magnet synchronous motors'],
        ['水泵电机', 'pump motors'],
        ['电动车驱动器', 'EV motor controllers'],
        ['风机变频系统', 'fan inverter drives'],
      ],
      methods: ['矢量控制', '无位置传感器控制', '变频调速', '电机设计'],
      metrics: [
        ['电机效率', 'motor efficiency', '%', 89, 94],
        ['转矩脉动', 'torque ripple', '%', 12, 4],
        ['噪声', 'noise', 'dB(A)', 72, 62],
      ],
      issues: ['低速抖动', '电机温升高', '启动困难', '电磁噪声大'],
    },
    'auto.agv': {
      objects: [
        ['厂内物流AGV', 'in-plant AGVs'],
        ['立体仓库', 'automated warehouses'],
        ['叉车AGV', 'AGV forklifts'],
        ['物料配送系统', 'material delivery systems'],
      ],
      methods: ['自主导航', 'SLAM', '路径规划', '多机调度', '激光导航'],
      metrics: [
        ['停靠精度', 'docking accuracy', 'mm', 20, 5],
        ['搬运效率', 'handling throughput', '托/h', 40, 70],
      ],
      issues: ['多车拥堵', '定位丢失', '路径冲突', '调度效率低'],
    },
    'auto.metrology': {
      objects: [
        ['轴承套圈', 'bearing rings'],
        ['汽车零部件', 'automotive parts'],
        ['电子秤', 'electronic scales'],
        ['流量计', 'flow meters'],
      ],
      methods: ['在线检测', '计量校准', '测量不确定度', '尺寸检测', '三坐标测量'],
      metrics: [
        ['检测节拍', 'inspection cycle time', 's', 20, 5],
        ['测量重复性', 'measurement repeatability', 'μm', 5, 1],
      ],
      issues: ['人工抽检效率低', '测量结果不一致', '检测数据无法追溯', '校准周期长'],
    },
    'auto.mes': {
      objects: [
        ['机加工车间', 'machining workshops'],
        ['装配车间', 'assembly workshops'],
        ['多品种小批量订单', 'high-mix low-volume orders'],
        ['生产计划', 'production plans'],
      ],
      methods: ['制造执行系统', '生产调度', '排产优化', '质量追溯', '数字化车间'],
      metrics: [
        ['订单准时交付率', 'on-time delivery rate', '%', 78, 95],
        ['在制品库存', 'work-in-process inventory', '天', 12, 5],
        ['设备综合效率', 'overall equipment effectiveness', '%', 55, 72],
      ],
      issues: ['排产依赖人工经验', '插单频繁计划混乱', '交期经常延误', '质量问题无法追溯'],
    },
  },
};
