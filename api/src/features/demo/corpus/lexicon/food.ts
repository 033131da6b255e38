import type { GroupLexicon } from './types.js';

export const food: GroupLexicon<'food'> = {
  venues: {
    zh: ['食品科学', '中国食品学报', '食品与发酵工业', '茶叶科学', '食品工业科技'],
    en: [
      'Food Chemistry',
      'LWT - Food Science and Technology',
      'Food Control',
      'Journal of Food Engineering',
      'Food Research International',
    ],
  },
  applications: [
    ['预制菜产业', 'the prepared dish industry'],
    ['农产品电商', 'agricultural e-commerce'],
    ['地方特色食品', 'regional specialty foods'],
    ['冷链配送', 'cold chain distribution'],
  ],
  patentKinds: ['加工方法', '保鲜方法', '制备方法', '检测方法', '生产线'],
  tried: [
    '调整过配方和加工温度',
    '换过包装材料',
    '请食品检测机构做过分析',
    '增加了杀菌时间但口感变差',
    '参考过外地同类产品的做法',
  ],
  leaves: {
    'food.processing': {
      objects: [
        ['即食青虾仁', 'ready-to-eat prawn meat'],
        ['速冻点心', 'quick-frozen dim sum'],
        ['果蔬汁', 'fruit and vegetable juices'],
        ['预制菜肴', 'prepared dishes'],
        ['糕点', 'pastries'],
      ],
      methods: ['杀菌工艺', '喷雾干燥', '低温加工', '质构改良', '风味保持'],
      metrics: [
        ['出品率', 'product yield', '%', 78, 90],
        ['感官评分', 'sensory score', '分', 72, 88],
        ['加工能耗', 'processing energy use', 'kWh/t', 320, 220],
      ],
      issues: ['口感变差', '复热后出水', '风味流失', '色泽不稳定'],
    },
    'food.preservation': {
      objects: [
        ['鲜切果蔬', 'fresh-cut produce'],
        ['冰鲜水产品', 'chilled aquatic products'],
        ['鲜湿米面制品', 'fresh rice and noodle products'],
        ['杨梅', 'Chinese bayberries'],
      ],
      methods: ['保鲜技术', '气调包装', '冷链物流', '可食性膜', '褐变控制'],
      metrics: [
        ['货架期', 'shelf life', '天', 5, 15],
        ['腐损率', 'spoilage rate', '%', 20, 5],
      ],
      issues: ['货架期短', '运输途中腐烂', '褐变', '胀袋'],
    },
    'food.safety': {
      objects: [
        ['蔬菜农残', 'vegetable pesticide residues'],
        ['中央厨房', 'central kitchens'],
        ['水产品药残', 'veterinary drug residues in aquatic products'],
        ['食品原料', 'food raw materials'],
      ],
      methods: ['食品安全', '农药残留检测', '快速检测', '微生物控制', '溯源体系'],
      metrics: [
        ['菌落总数', 'total plate count', 'CFU/g', 50000, 5000],
        ['检测时间', 'testing time', 'h', 48, 2],
        ['抽检合格率', 'inspection pass rate', '%', 95, 99.5],
      ],
      issues: ['微生物超标', '快检结果不准', '原料来源难追溯', '抽检不合格'],
    },
    'food.fermented': {
      objects: [
        ['黄酒', 'Chinese rice wine'],
        ['酱腌菜', 'pickled vegetables'],
        ['酸奶', 'yoghurt'],
        ['酿造酱油', 'brewed soy sauce'],
      ],
      methods: ['黄酒酿造', '乳酸菌', '风味物质', '发酵工艺'],
      metrics: [
        ['发酵周期', 'fermentation period', '天', 60, 35],
        ['亚硝酸盐含量', 'nitrite content', 'mg/kg', 15, 3],
        ['氨基酸态氮', 'amino acid nitrogen', 'g/100mL', 0.6, 0.9],
      ],
      issues: ['发酵周期长', '产品酸败', '批次风味不一致', '杂菌污染'],
    },
    'food.nutrition': {
      objects: [
        ['代餐粉', 'meal replacement powders'],
        ['竹笋膳食纤维', 'bamboo shoot dietary fibre'],
        ['益生菌饮品', 'probiotic drinks'],
        ['老年营养食品', 'senior nutrition foods'],
      ],
      methods: ['功能食品', '营养强化', '活性多糖', '微胶囊', '益生菌'],
      metrics: [
        ['活性成分保留率', 'retention of active ingredients', '%', 60, 85],
        ['冲调溶解性', 'reconstitution solubility', '%', 80, 95],
      ],
      issues: ['功效宣称缺少数据支撑', '口感发苦', '活性成分损失大', '溶解性差'],
    },
    'food.tea': {
      objects: [
        ['莫干黄芽', 'Moganshan yellow bud tea'],
        ['名优绿茶', 'premium green tea'],
        ['夏秋茶', 'summer and autumn tea'],
        ['茶饮料原料', 'tea beverage raw materials'],
      ],
      methods: ['茶叶加工', '黄茶闷黄', '杀青工艺', '茶多酚', '茶叶机械化采摘'],
      metrics: [
        ['感官审评得分', 'sensory evaluation score', '分', 85, 92],
        ['机采鲜叶完整率', 'intact leaf rate in machine plucking', '%', 60, 85],
        ['加工能耗', 'processing energy use', 'kWh/kg', 6, 4],
      ],
      issues: ['机械加工后品质下降', '闷黄程度难以控制', '夏秋茶利用率低', '香气不足'],
    },
    'food.aquatic': {
      objects: [
        ['鱼糜制品', 'surimi products'],
        ['冷冻鱼片', 'frozen fish fillets'],
        ['中华鳖制品', 'soft-shelled turtle products'],
        ['虾加工副产物', 'shrimp processing by-products'],
      ],
      methods: ['水产品加工', '冷冻保鲜', '去腥技术', '副产物利用'],
      metrics: [
        ['凝胶强度', 'gel strength', 'g·cm', 400, 650],
        ['解冻汁液损失', 'thaw drip loss', '%', 8, 3],
        ['副产物利用率', 'by-product utilization', '%', 30, 70],
      ],
      issues: ['腥味重', '冻后肉质变软', '凝胶强度不够', '副产物直接丢弃'],
    },
  },
};
