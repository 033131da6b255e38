import type { GroupLexicon } from './types.js';

export const transport: GroupLexicon<'transport'> = {
  venues: {
    zh: ['交通运输工程学报', '中国公路学报', '交通运输系统工程与信息', '汽车工程', '水运工程'],
    en: [
      'Transportation Research Part C',
      'Transportation Research Part E',
      'Vehicle System Dynamics',
      'Accident Analysis & Prevention',
      'Maritime Policy & Management',
    ],
  },
  applications: [
    ['县域物流', 'county logistics'],
    ['城乡客运', 'urban-rural passenger transport'],
    ['京杭运河航运', 'Grand Canal shipping'],
    ['长三角一体化', 'Yangtze River Delta integration'],
  ],
  patentKinds: ['调度方法', '系统', '装置', '预警方法', '评估方法'],
  tried: [
    '靠调度员经验安排',
    '买过一套运输管理软件',
    '和平台公司合作过',
    '增加过车辆和人手',
    '做过路线调研',
  ],
  leaves: {
    'transport.logistics': {
      objects: [
        ['城乡配送网络', 'urban-rural delivery networks'],
        ['建材运输车队', 'building material truck fleets'],
        ['冷链配送车辆', 'refrigerated delivery vehicles'],
        ['电商仓配中心', 'e-commerce fulfilment centres'],
      ],
      methods: ['车辆路径优化', '多式联运', '物流信息平台', '冷链配送'],
      metrics: [
        ['车辆空驶率', 'empty running rate', '%', 35, 15],
        ['单票配送成本', 'cost per parcel', '元', 4.5, 3],
        ['准时送达率', 'on-time delivery rate', '%', 85, 97],
      ],
      issues: ['空驶率高', '配送成本高', '时效不稳定', '路线规划靠经验'],
    },
    'transport.its': {
      objects: [
        ['城区交叉口', 'urban intersections'],
        ['景区道路', 'scenic area roads'],
        ['公交线网', 'bus networks'],
        ['停车场', 'parking facilities'],
      ],
      methods: ['智能交通', '交通流预测', '信号配时优化', '交通仿真', '停车诱导'],
      metrics: [
        ['平均延误', 'average delay', 's/辆', 60, 35],
        ['高峰通行速度', 'peak-hour travel speed', 'km/h', 18, 28],
      ],
      issues: ['节假日拥堵严重', '信号配时不合理', '停车难', '公交吸引力低'],
    },
    'transport.vehicle': {
      objects: [
        ['专用车底盘', 'special vehicle chassis'],
        ['电动观光车', 'electric sightseeing vehicles'],
        ['商用车制动系统', 'commercial vehicle braking systems'],
        ['汽车座椅骨架', 'seat frames'],
      ],
      methods: ['车辆动力学', '整车轻量化', '制动系统', '汽车NVH', '线控转向'],
      metrics: [
        ['整备质量', 'curb mass', 'kg', 2600, 2300],
        ['车内噪声', 'interior noise', 'dB(A)', 72, 65],
        ['制动距离', 'braking distance', 'm', 42, 36],
      ],
      issues: ['车内噪声大', '跑偏', '制动抖动', '车身偏重'],
    },
    'transport.waterway': {
      objects: [
        ['内河集装箱码头', 'inland container terminals'],
        ['散货船队', 'bulk carrier fleets'],
        ['港口堆场', 'port yards'],
        ['船闸', 'ship locks'],
      ],
      methods: ['内河航运', '港口物流', '船舶调度', '集装箱运输', '船舶能效'],
      metrics: [
        ['船舶待闸时间', 'lock waiting time', 'h', 10, 4],
        ['堆场利用率', 'yard utilization', '%', 60, 85],
      ],
      issues: ['待闸时间长', '装卸效率低', '船舶能耗高', '堆场周转慢'],
    },
    'transport.safety': {
      objects: [
        ['危化品运输车辆', 'hazardous material tankers'],
        ['渣土车', 'muck trucks'],
        ['校车', 'school buses'],
        ['山区道路', 'mountain roads'],
      ],
      methods: ['交通安全', '驾驶行为分析', '事故预警', '疲劳驾驶检测', '道路风险评估'],
      metrics: [
        ['事故率', 'accident rate', '起/百万公里', 1.2, 0.5],
        ['违规驾驶次数', 'unsafe driving events', '次/车·月', 20, 5],
      ],
      issues: ['疲劳驾驶', '事故多发', '超速违规', '监管手段落后'],
    },
  },
};
