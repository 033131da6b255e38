import type { GroupLexicon } from './types.js';

export const cs: GroupLexicon<'cs'> = {
  venues: {
    zh: ['计算机学报', '软件学报', '计算机研究与发展', '中文信息学报', '计算机集成制造系统'],
    en: [
      'IEEE Transactions on Industrial Informatics',
      'Pattern Recognition',
      'Expert Systems with Applications',
      'Journal of Manufacturing Systems',
      'Information Processing & Management',
    ],
  },
  applications: [
    ['制造业质量检测', 'manufacturing quality inspection'],
    ['中小企业数字化', 'SME digitalization'],
    ['政务服务', 'public services'],
    ['工业现场', 'industrial settings'],
  ],
  patentKinds: ['方法', '系统', '方法及装置', '检测方法', '存储介质'],
  tried: [
    '买过一套商业软件但用不起来',
    '外包公司做过一版系统',
    '用开源模型试过效果一般',
    '内部IT人员做过简单的报表',
    '参加过几次数字化改造诊断',
  ],
  leaves: {
    'cs.vision': {
      objects: [
        ['金属件表面', 'metal part surfaces'],
        ['纺织布面', 'fabric surfaces'],
        ['锂电池极片', 'battery electrode sheets'],
        ['包装印刷品', 'printed packaging'],
        ['装饰纸纹理', 'decorative paper patterns'],
      ],
      methods: ['机器视觉', '缺陷检测', '目标检测', '图像分割', '深度学习'],
      metrics: [
        ['漏检率', 'miss rate', '%', 5, 0.5],
        ['误检率', 'false alarm rate', '%', 12, 2],
        ['检测速度', 'inspection speed', '件/min', 40, 120],
      ],
      issues: ['缺陷人工目检漏检多', '小缺陷难以识别', '误报率高', '检测效率跟不上产线'],
    },
    'cs.nlp': {
      objects: [
        ['客服工单', 'customer service tickets'],
        ['技术文档', 'technical documents'],
        ['专利文本', 'patent texts'],
        ['设备维修记录', 'equipment maintenance records'],
      ],
      methods: ['自然语言处理', '知识图谱', '大语言模型', '命名实体识别', '检索增强生成'],
      metrics: [
        ['问答准确率', 'answer accuracy', '%', 65, 90],
        ['人工处理时长', 'manual handling time', 'min/单', 15, 5],
      ],
      issues: ['检索不到想要的内容', '知识分散难以复用', '人工整理工作量大', '回答不准确'],
    },
    'cs.ml': {
      objects: [
        ['销售订单数据', 'sales order data'],
        ['生产工艺数据', 'process data'],
        ['能耗数据', 'energy consumption data'],
        ['设备运行数据', 'equipment operating data'],
      ],
      methods: ['机器学习', '时间序列预测', '异常检测', '强化学习', '迁移学习'],
      metrics: [
        ['预测误差', 'forecast error (MAPE)', '%', 25, 8],
        ['异常识别准确率', 'anomaly detection accuracy', '%', 70, 92],
      ],
      issues: ['预测不准', '数据多但用不起来', '异常发现滞后', '依赖老师傅经验'],
    },
    'cs.software': {
      objects: [
        ['ERP系统', 'ERP systems'],
        ['订单管理系统', 'order management systems'],
        ['移动巡检应用', 'mobile inspection apps'],
        ['园区管理平台', 'industrial park management platforms'],
      ],
      methods: ['微服务架构', '低代码平台', '软件测试', '数据库优化'],
      metrics: [
        ['页面响应时间', 'page response time', 's', 4, 1],
        ['系统可用性', 'availability', '%', 98, 99.9],
      ],
      issues: ['系统卡顿', '数据孤岛', '功能改一次要很久', '系统之间数据对不上'],
    },
    'cs.cloud': {
      objects: [
        ['企业数据中台', 'enterprise data platforms'],
        ['视频监控数据', 'video surveillance data'],
        ['遥感数据处理平台', 'remote sensing processing platforms'],
        ['日志数据', 'log data'],
      ],
      methods: ['云计算', '边缘计算', '分布式存储', '数据治理', '流式计算'],
      metrics: [
        ['查询耗时', 'query latency', 's', 30, 3],
        ['存储成本', 'storage cost', '万元/年', 60, 30],
      ],
      issues: ['数据量大处理慢', '存储成本高', '数据质量差', '扩容困难'],
    },
    'cs.security': {
      objects: [
        ['工控网络', 'industrial control networks'],
        ['企业内网', 'corporate intranets'],
        ['客户数据', 'customer data'],
        ['物联网终端', 'IoT devices'],
      ],
      methods: ['网络安全', '入侵检测', '数据加密', '工控安全', '隐私计算'],
      metrics: [
        ['高危漏洞数', 'high-risk vulnerabilities', '个', 23, 0],
        ['攻击检出率', 'attack detection rate', '%', 75, 95],
      ],
      issues: ['等保测评未通过', '遭受勒索病毒攻击', '数据泄露风险', '终端缺乏防护'],
    },
    'cs.iiot': {
      objects: [
        ['注塑车间', 'injection moulding workshops'],
        ['老旧数控设备', 'legacy CNC machines'],
        ['生产线', 'production lines'],
        ['空压站', 'compressed air stations'],
      ],
      methods: ['工业互联网', '数字孪生', '设备联网', '数据采集', '预测性维护'],
      metrics: [
        ['设备联网率', 'machine connectivity rate', '%', 30, 90],
        ['数据采集频率', 'data sampling rate', 'Hz', 1, 100],
        ['设备综合效率', 'overall equipment effectiveness', '%', 55, 75],
      ],
      issues: ['设备协议不统一难以联网', '生产状态不透明', '数据采集不全', '设备故障不能提前预警'],
    },
  },
};
