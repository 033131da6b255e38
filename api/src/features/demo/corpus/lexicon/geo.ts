import type { GroupLexicon } from './types.js';

export const geo: GroupLexicon<'geo'> = {
  venues: {
    zh: ['测绘学报', '武汉大学学报（信息科学版）', '遥感学报', '地球信息科学学报', '测绘通报'],
    en: [
      'ISPRS Journal of Photogrammetry and Remote Sensing',
      'Remote Sensing of Environment',
      'International Journal of Geographical Information Science',
      'GPS Solutions',
      'Remote Sensing',
    ],
  },
  applications: [
    ['自然资源调查', 'natural resource surveys'],
    ['城市治理', 'urban governance'],
    ['智能网联汽车', 'intelligent connected vehicles'],
    ['数字乡村', 'digital villages'],
    ['防灾减灾', 'disaster prevention and mitigation'],
  ],
  patentKinds: ['方法', '系统', '方法及系统', '定位方法', '处理方法'],
  tried: [
    '用过商业软件的默认流程',
    '项目组加班人工修补',
    '采购过更高精度的设备',
    '参考了开源算法做过原型',
    '和甲方多次沟通调整过技术方案',
  ],
  leaves: {
    'geo.gis': {
      objects: [
        ['国土空间数据', 'territorial spatial data'],
        ['城市地下管线', 'urban underground pipelines'],
        ['农村宅基地数据', 'rural homestead data'],
        ['二三维一体化平台', 'integrated 2D/3D platforms'],
      ],
      methods: ['空间分析', '时空大数据', 'WebGIS', '空间数据库', '地图服务'],
      metrics: [
        ['地图加载时间', 'map loading time', 's', 8, 1.5],
        ['数据更新周期', 'data update cycle', '天', 30, 3],
      ],
      issues: ['海量数据加载卡顿', '多源数据难以融合', '数据更新不及时', '空间分析效率低'],
    },
    'geo.rs': {
      objects: [
        ['高分辨率卫星影像', 'high-resolution satellite imagery'],
        ['耕地', 'cultivated land'],
        ['违法建筑', 'illegal buildings'],
        ['水体', 'water bodies'],
      ],
      methods: ['遥感影像', '高光谱遥感', '合成孔径雷达', '变化检测', '地物分类'],
      metrics: [
        ['分类总体精度', 'overall classification accuracy', '%', 82, 92],
        ['变化图斑漏检率', 'missed change rate', '%', 15, 5],
        ['处理时效', 'processing turnaround', '天', 7, 1],
      ],
      issues: ['云层遮挡影响解译', '人工判读工作量大', '变化检测误报多', '小目标识别难'],
    },
    'geo.gnss': {
      objects: [
        ['北斗定位终端', 'BeiDou positioning terminals'],
        ['农机导航系统', 'agricultural machinery guidance'],
        ['城市峡谷环境', 'urban canyons'],
        ['形变监测站', 'deformation monitoring stations'],
      ],
      methods: ['北斗导航', '高精度定位', '组合导航', '精密单点定位', '室内定位'],
      metrics: [
        ['定位精度', 'positioning accuracy', 'cm', 10, 2],
        ['收敛时间', 'convergence time', 's', 60, 10],
        ['固定率', 'ambiguity fix rate', '%', 85, 98],
      ],
      issues: ['遮挡环境下定位跳变', '初始化时间长', '多路径误差大', '终端成本高'],
    },
    'geo.survey': {
      objects: [
        ['深基坑', 'deep excavations'],
        ['高边坡', 'high slopes'],
        ['既有建筑', 'existing buildings'],
        ['地铁隧道', 'metro tunnels'],
      ],
      methods: ['变形监测', '沉降监测', '工程测量', '全站仪', 'InSAR'],
      metrics: [
        ['监测精度', 'monitoring accuracy', 'mm', 2, 0.5],
        ['预警提前量', 'warning lead time', 'h', 2, 24],
      ],
      issues: ['人工监测频次不够', '预警滞后', '监测点易被破坏', '数据处理慢'],
    },
    'geo.photogrammetry': {
      objects: [
        ['乡镇实景三维模型', 'township 3D reality models'],
        ['古建筑', 'historic buildings'],
        ['城市建成区', 'built-up urban areas'],
        ['矿山', 'mines'],
      ],
      methods: ['实景三维', '倾斜摄影', '空中三角测量', '点云处理', '数字高程模型'],
      metrics: [
        ['模型平面精度', 'planimetric accuracy', 'cm', 8, 3],
        ['建模效率', 'modelling throughput', 'km²/天', 2, 6],
      ],
      issues: ['模型拉花', '纹理模糊', '建模效率低', '单体化工作量大'],
    },
    'geo.lidar': {
      objects: [
        ['输电线路走廊', 'power line corridors'],
        ['林区', 'forest stands'],
        ['道路设施', 'road assets'],
        ['隧道断面', 'tunnel cross-sections'],
      ],
      methods: ['激光雷达', '点云分割', '点云配准', '移动测量', '机载激光扫描'],
      metrics: [
        ['点云分类准确率', 'point cloud classification accuracy', '%', 80, 95],
        ['配准误差', 'registration error', 'cm', 5, 1],
      ],
      issues: ['点云数据量大处理慢', '自动分类精度低', '配准误差累积', '内业工作量大'],
    },
    'geo.hdmap': {
      objects: [
        ['城市道路高精地图', 'urban HD maps'],
        ['智能网联测试道路', 'connected vehicle test roads'],
        ['自动驾驶环卫车', 'autonomous street sweepers'],
        ['路侧感知设备', 'roadside perception units'],
      ],
      methods: ['高精地图', '车路协同', '地图更新', '多传感器融合', '车道级定位'],
      metrics: [
        ['地图更新时效', 'map update latency', '天', 30, 1],
        ['车道级定位精度', 'lane-level localization accuracy', 'cm', 30, 10],
      ],
      issues: ['地图更新成本高', '施工路段地图失效', '多源数据不一致', '定位漂移'],
    },
    'geo.uav': {
      objects: [
        ['农村房地一体测量', 'rural property surveys'],
        ['河道巡查', 'river inspection'],
        ['光伏电站巡检', 'PV plant inspection'],
        ['土方量测算', 'earthwork volume estimation'],
      ],
      methods: ['无人机测绘', '航线规划', '影像拼接', '正射影像', '无人机巡检'],
      metrics: [
        ['外业效率', 'field efficiency', 'km²/天', 3, 10],
        ['像控点数量', 'ground control points', '个/km²', 30, 8],
      ],
      issues: ['像控点布设工作量大', '山区航飞困难', '影像拼接错位', '续航不足'],
    },
  },
};
