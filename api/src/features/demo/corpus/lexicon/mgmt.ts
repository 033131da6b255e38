import type { GroupLexicon } from './types.js';

export const mgmt: GroupLexicon<'mgmt'> = {
  venues: {
    zh: ['管理世界', '管理工程学报', '科研管理', '中国管理科学', '工业工程与管理'],
    en: [
      'International Journal of Production Economics',
      'Technovation',
      'Journal of Operations Management',
      'Research Policy',
    ],
  },
  applications: [
    ['县域制造业', 'county-level manufacturing'],
    ['民营中小企业', 'private SMEs'],
    ['专精特新企业', 'specialized and innovative SMEs'],
    ['产业集群', 'industrial clusters'],
  ],
  patentKinds: ['评估方法', '管理系统', '决策方法'],
  tried: [
    '请咨询公司做过诊断',
    '参加过政府组织的培训',
    '学习过标杆企业的做法',
    '内部成立过专项小组',
    '试行过新的考核办法',
  ],
  leaves: {
    'mgmt.quality': {
      objects: [
        ['来料检验', 'incoming inspection'],
        ['出厂检验', 'outgoing inspection'],
        ['客户投诉', 'customer complaints'],
        ['关键工序', 'critical processes'],
      ],
      methods: ['质量管理', '统计过程控制', '六西格玛', '失效模式分析', '质量体系认证'],
      metrics: [
        ['客户投诉率', 'customer complaint rate', 'PPM', 800, 200],
        ['过程能力指数Cpk', 'process capability Cpk', '', 0.9, 1.33],
      ],
      issues: ['客户投诉多', '质量问题反复出现', '过程能力不足', '质量成本高'],
    },
    'mgmt.lean': {
      objects: [
        ['装配线', 'assembly lines'],
        ['仓库', 'warehouses'],
        ['机加工车间', 'machining shops'],
        ['包装工段', 'packing sections'],
      ],
      methods: ['精益生产', '价值流分析', '生产线平衡', '标准作业', '库存控制'],
      metrics: [
        ['人均产值', 'output per employee', '万元', 60, 85],
        ['库存周转天数', 'inventory days', '天', 60, 30],
        ['生产周期', 'production lead time', '天', 20, 10],
      ],
      issues: ['在制品积压', '人均效率低', '生产周期长', '现场管理混乱'],
    },
    'mgmt.supply': {
      objects: [
        ['原材料采购', 'raw material procurement'],
        ['成品库存', 'finished goods inventory'],
        ['外贸订单', 'export orders'],
        ['零部件供应', 'component supply'],
      ],
      methods: ['供应链管理', '需求预测', '采购管理', '供应链韧性', '仓储优化'],
      metrics: [
        ['缺料停线次数', 'line stoppages for shortages', '次/月', 6, 1],
        ['采购成本', 'procurement cost', '%', 100, 92],
      ],
      issues: ['缺料停线', '库存积压', '原材料价格波动大', '交付不稳定'],
    },
    'mgmt.marketing': {
      objects: [
        ['自有品牌', 'own brand'],
        ['农产品', 'agricultural products'],
        ['民宿', 'boutique homestays'],
        ['工业品', 'industrial products'],
      ],
      methods: ['品牌建设', '数字营销', '消费者行为', '直播电商', '乡村旅游'],
      metrics: [
        ['线上销售占比', 'online sales share', '%', 10, 35],
        ['客户复购率', 'repeat purchase rate', '%', 15, 35],
      ],
      issues: ['品牌知名度低', '只能做代工', '线上推广效果差', '客户流失'],
    },
    'mgmt.finance': {
      objects: [
        ['产品成本', 'product costs'],
        ['研发费用', 'R&D expenditure'],
        ['融资方案', 'financing plans'],
        ['应收账款', 'accounts receivable'],
      ],
      methods: ['成本核算', '投融资', '财务分析', '股权激励', '上市辅导'],
      metrics: [
        ['应收账款周转天数', 'days sales outstanding', '天', 120, 70],
        ['成本核算偏差', 'costing error', '%', 15, 3],
      ],
      issues: ['成本算不清', '融资难', '回款慢', '研发费用归集不规范'],
    },
    'mgmt.innovation': {
      objects: [
        ['核心技术', 'core technologies'],
        ['高校科研成果', 'university research results'],
        ['产品线', 'product lines'],
        ['传统工厂', 'traditional factories'],
      ],
      methods: ['专利布局', '技术转移', '成果转化', '数字化转型', '知识产权'],
      metrics: [
        ['有效发明专利数', 'granted invention patents', '件', 2, 10],
        ['新产品销售占比', 'new product sales share', '%', 10, 30],
      ],
      issues: ['专利少被仿冒', '研发投入见效慢', '不知道怎么转型', '技术储备不足'],
    },
    'mgmt.hr': {
      objects: [
        ['一线技术工人', 'front-line technicians'],
        ['研发团队', 'R&D teams'],
        ['中层管理人员', 'middle managers'],
        ['新进大学生', 'new graduate hires'],
      ],
      methods: ['人力资源', '绩效考核', '技能人才培养', '薪酬体系', '组织变革'],
      metrics: [
        ['年流失率', 'annual turnover', '%', 35, 15],
        ['关键岗位招聘周期', 'time to hire for key roles', '天', 90, 45],
      ],
      issues: ['招人难留人难', '考核流于形式', '技能断档', '激励不足'],
    },
  },
};
