import type { GroupLexicon } from './types.js';

export const elec: GroupLexicon<'elec'> = {
  venues: {
    zh: ['电子学报', '电子测量与仪器学报', '仪器仪表学报', '电工技术学报', '传感技术学报'],
    en: [
      'IEEE Transactions on Industrial Electronics',
      'IEEE Sensors Journal',
      'IEEE Transactions on Power Electronics',
      'IEEE Internet of Things Journal',
    ],
  },
  applications: [
    ['智能家电', 'smart home appliances'],
    ['工业现场', 'industrial field applications'],
    ['新能源汽车', 'new energy vehicles'],
    ['智慧城市', 'smart cities'],
  ],
  patentKinds: ['电路', '装置', '检测系统', '控制方法', '系统及方法'],
  tried: [
    '换过几款芯片方案',
    '请方案公司做过整改',
    '在实验室做过预测试',
    '参考了芯片厂的参考设计',
    '软件上加过滤波处理',
  ],
  leaves: {
    'elec.embedded': {
      objects: [
        ['智能控制器', 'smart controllers'],
        ['电机驱动板', 'motor driver boards'],
        ['数据采集终端', 'data acquisition terminals'],
        ['智能电表', 'smart meters'],
      ],
      methods: ['嵌入式系统', '单片机', 'FPGA', '低功耗设计', '实时操作系统'],
      metrics: [
        ['待机功耗', 'standby power', 'mW', 120, 20],
        ['响应时间', 'response time', 'ms', 50, 10],
        ['返修率', 'field return rate', '%', 2.5, 0.5],
      ],
      issues: ['死机重启', '功耗偏高', '程序跑飞', '通信丢包'],
    },
    'elec.power': {
      objects: [
        ['开关电源', 'switching power supplies'],
        ['光伏逆变器', 'PV inverters'],
        ['充电模块', 'charging modules'],
        ['LED驱动电源', 'LED drivers'],
      ],
      methods: ['电力电子', '软开关', '功率因数校正', '碳化硅器件'],
      metrics: [
        ['转换效率', 'conversion efficiency', '%', 92, 96.5],
        ['温升', 'temperature rise', 'K', 45, 30],
        ['功率密度', 'power density', 'W/in³', 20, 35],
      ],
      issues: ['效率偏低', '发热严重', '开关管击穿', '输出纹波大'],
    },
    'elec.comm': {
      objects: [
        ['无线采集节点', 'wireless sensing nodes'],
        ['物联网网关', 'IoT gateways'],
        ['车载通信模块', 'vehicle communication modules'],
        ['智能水表', 'smart water meters'],
      ],
      methods: ['物联网', '无线传感网络', '天线设计', '低功耗广域网', '边缘网关'],
      metrics: [
        ['通信距离', 'communication range', 'm', 300, 1000],
        ['丢包率', 'packet loss rate', '%', 8, 1],
        ['电池续航', 'battery life', '月', 6, 24],
      ],
      issues: ['信号覆盖差', '通信不稳定', '续航时间短', '组网困难'],
    },
    'elec.signal': {
      objects: [
        ['振动信号', 'vibration signals'],
        ['超声回波信号', 'ultrasonic echo signals'],
        ['心电信号', 'ECG signals'],
        ['雷达回波', 'radar echoes'],
      ],
      methods: ['信号处理', '小波变换', '特征提取', '卡尔曼滤波', '滤波算法'],
      metrics: [
        ['信噪比', 'signal-to-noise ratio', 'dB', 12, 25],
        ['识别准确率', 'recognition accuracy', '%', 82, 95],
      ],
      issues: ['噪声干扰大', '特征难以提取', '误报率高', '实时性不足'],
    },
    'elec.sensor': {
      objects: [
        ['压力传感器', 'pressure sensors'],
        ['温湿度传感器', 'temperature and humidity sensors'],
        ['可燃气体探测器', 'combustible gas detectors'],
        ['称重传感器', 'load cells'],
      ],
      methods: ['MEMS传感器', '信号调理', '传感器标定', '柔性传感器'],
      metrics: [
        ['测量精度', 'measurement accuracy', '%FS', 0.5, 0.1],
        ['温度漂移', 'temperature drift', '%FS/℃', 0.05, 0.01],
        ['响应时间', 'response time', 's', 30, 8],
      ],
      issues: ['零点漂移', '长期稳定性差', '温漂大', '交叉干扰'],
    },
    'elec.optics': {
      objects: [
        ['LED灯具', 'LED luminaires'],
        ['激光打标设备', 'laser marking machines'],
        ['光纤光栅传感器', 'fibre Bragg grating sensors'],
        ['红外测温模组', 'infrared thermometry modules'],
      ],
      methods: ['激光加工', '光纤传感', '光学设计', '光谱检测', '红外成像'],
      metrics: [
        ['光效', 'luminous efficacy', 'lm/W', 130, 170],
        ['测温误差', 'temperature error', '℃', 2, 0.5],
        ['加工速度', 'processing speed', 'mm/s', 200, 500],
      ],
      issues: ['光衰快', '眩光明显', '打标不清晰', '测量误差大'],
    },
    'elec.emc': {
      objects: [
        ['变频器', 'frequency converters'],
        ['车载电子产品', 'automotive electronics'],
        ['智能家电控制板', 'appliance control boards'],
        ['医疗电子设备', 'medical electronic equipment'],
      ],
      methods: ['电磁兼容', '屏蔽设计', '接地设计', '电磁干扰'],
      metrics: [
        ['辐射发射裕量', 'radiated emission margin', 'dB', 1, 6],
        ['静电抗扰度等级', 'ESD immunity', 'kV', 4, 8],
      ],
      issues: ['EMC测试不通过', '辐射发射超标', '静电测试死机', '传导干扰大'],
    },
  },
};
