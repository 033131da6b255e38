import type { GroupLexicon } from './types.js';

export const civil: GroupLexicon<'civil'> = {
  venues: {
    zh: ['土木工程学报', '建筑结构学报', '岩土工程学报', '硅酸盐学报', '中国公路学报'],
    en: [
      'Construction and Building Materials',
      'Engineering Structures',
      'Automation in Construction',
      'Cement and Concrete Research',
      'Energy and Buildings',
    ],
  },
  applications: [
    ['城镇更新', 'urban renewal'],
    ['农房建设', 'rural housing'],
    ['市政工程', 'municipal engineering'],
    ['工业厂房', 'industrial buildings'],
  ],
  patentKinds: ['施工方法', '结构', '连接节点', '制备方法', '监测系统'],
  tried: [
    '按规范做过复核计算',
    '调整过配合比',
    '请设计院出过方案',
    '现场做过几次试验段',
    '参照了其他项目的做法',
  ],
  leaves: {
    'civil.structure': {
      objects: [
        ['大跨度钢结构厂房', 'long-span steel industrial buildings'],
        ['既有砖混房屋', 'existing masonry houses'],
        ['钢结构连廊', 'steel skybridges'],
        ['多层框架结构', 'multi-storey frame structures'],
      ],
      methods: ['结构设计', '抗震性能', '结构健康监测', '加固改造', '钢混组合结构'],
      metrics: [
        ['用钢量', 'steel consumption', 'kg/m²', 65, 50],
        ['层间位移角', 'inter-storey drift ratio', '‰', 4, 2],
      ],
      issues: ['屋面振动明显', '构件开裂', '用钢量偏大', '抗震鉴定不满足'],
    },
    'civil.geotech': {
      objects: [
        ['软土地基', 'soft soil foundations'],
        ['深基坑', 'deep excavations'],
        ['厂房地坪', 'factory floor slabs'],
        ['河道护岸', 'riverbank revetments'],
      ],
      methods: ['岩土工程', '基坑支护', '桩基础', '边坡稳定', '地基处理'],
      metrics: [
        ['工后沉降', 'post-construction settlement', 'mm', 150, 50],
        ['支护造价', 'support cost', '万元', 600, 420],
      ],
      issues: ['地坪沉降开裂', '基坑变形超限', '桩基承载力不足', '边坡滑移'],
    },
    'civil.concrete': {
      objects: [
        ['商品混凝土', 'ready-mixed concrete'],
        ['预制管桩', 'precast piles'],
        ['干混砂浆', 'dry-mix mortar'],
        ['透水砖', 'permeable pavers'],
      ],
      methods: ['高性能混凝土', '外加剂', '水泥基材料', '固废再生骨料'],
      metrics: [
        ['28天抗压强度', '28-day compressive strength', 'MPa', 40, 55],
        ['坍落度损失', 'slump loss', 'mm/h', 60, 20],
        ['水泥用量', 'cement content', 'kg/m³', 380, 320],
      ],
      issues: ['混凝土开裂', '坍落度损失快', '强度波动', '再生骨料掺量上不去'],
    },
    'civil.prefab': {
      objects: [
        ['预制叠合板', 'precast composite slabs'],
        ['预制楼梯', 'precast stairs'],
        ['装配式钢结构住宅', 'prefabricated steel-frame housing'],
        ['模块化箱式房', 'modular box units'],
      ],
      methods: ['装配式建筑', '预制构件', '节点连接', '灌浆套筒', '模块化建筑'],
      metrics: [
        ['构件生产效率', 'component production rate', '块/天', 60, 100],
        ['安装误差', 'installation error', 'mm', 10, 3],
      ],
      issues: ['节点渗漏', '构件开裂', '灌浆饱满度难检测', '安装精度差'],
    },
    'civil.bim': {
      objects: [
        ['施工现场', 'construction sites'],
        ['机电管线综合', 'MEP coordination'],
        ['钢构件加工', 'steel member fabrication'],
        ['工程进度', 'project schedules'],
      ],
      methods: ['BIM', '智能建造', '施工模拟', '智慧工地', '碰撞检查'],
      metrics: [
        ['返工率', 'rework rate', '%', 8, 2],
        ['工期', 'construction period', '天', 420, 360],
      ],
      issues: ['图纸错漏碰缺多', 'BIM模型与现场脱节', '进度管控靠人工', '安全隐患发现晚'],
    },
    'civil.road': {
      objects: [
        ['农村公路', 'rural roads'],
        ['沥青路面', 'asphalt pavements'],
        ['中小跨径桥梁', 'short and medium-span bridges'],
        ['重载道路', 'heavy-haul roads'],
      ],
      methods: ['沥青路面', '桥梁检测', '路面养护', '再生沥青', '桥梁荷载试验'],
      metrics: [
        ['车辙深度', 'rut depth', 'mm', 15, 5],
        ['旧料掺配比例', 'reclaimed material content', '%', 15, 40],
      ],
      issues: ['路面车辙', '桥面铺装开裂', '坑槽反复修补', '检测依赖人工'],
    },
    'civil.building': {
      objects: [
        ['办公楼空调系统', 'office HVAC systems'],
        ['洁净厂房', 'clean room facilities'],
        ['外墙保温系统', 'external wall insulation'],
        ['民宿建筑', 'boutique homestay buildings'],
      ],
      methods: ['建筑节能', '暖通空调', '保温材料', '绿色建筑', '能耗模拟'],
      metrics: [
        ['单位面积能耗', 'energy use intensity', 'kWh/m²', 120, 80],
        ['室内温度波动', 'indoor temperature fluctuation', '℃', 3, 1],
      ],
      issues: ['空调能耗高', '墙体结露发霉', '夏季室内过热', '新风不足'],
    },
  },
};
