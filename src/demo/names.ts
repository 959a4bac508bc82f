/**
 * Word lists for the synthetic world: people, places and organisations. Everything here is
 * synthetic except the administrative frame (湖北省 / 武汉市 / 江岸区 and its streets, real NBS
 * codes) and widely used street (road) names, which only make addresses look familiar. Case,
 * duty-item and activity texts live in `case-catalog.ts`.
 */

/** 湖北省, 武汉市, 江岸区: the real frame, NBS 12-digit codes. */
export const FRAME = {
  province: { code: '420000000000', name: '湖北省' },
  city: { code: '420100000000', name: '武汉市' },
  district: { code: '420102000000', name: '江岸区' },
} as const;

/**
 * 江岸区 streets with their NBS (2023) 3-digit segments. 002–006 and 018 are as DOMAIN.md
 * lists them; the segments between follow the official order of the 16 street names (there
 * is no 017). 400 百步亭花园 is real and outside the 001–099 street range on purpose.
 */
export const JIANGAN_STREETS: readonly { seg: string; name: string; roads: readonly string[] }[] = [
  { seg: '002', name: '大智街道', roads: ['中山大道', '大智路', '友益街', '保成路', '天声街'] },
  { seg: '003', name: '一元街道', roads: ['沿江大道', '一元路', '胜利街', '洞庭街'] },
  { seg: '004', name: '车站街道', roads: ['车站路', '胜利街', '京汉大道', '黎黄陂路'] },
  { seg: '005', name: '四唯街道', roads: ['四唯路', '解放大道', '六合路', '三阳路'] },
  { seg: '006', name: '永清街道', roads: ['永清街', '三阳路', '解放公园路', '沿江大道'] },
  { seg: '007', name: '西马街道', roads: ['西马路', '京汉大道', '中山大道', '二曜路'] },
  { seg: '008', name: '球场街道', roads: ['球场路', '解放大道', '建设大道', '西马路'] },
  { seg: '009', name: '劳动街道', roads: ['劳动街', '二七路', '解放公园路', '工农兵路'] },
  { seg: '010', name: '二七街道', roads: ['二七路', '工农兵路', '解放大道', '江大路'] },
  { seg: '011', name: '新村街道', roads: ['新村街', '二七横路', '建设大道', '黄浦大街'] },
  { seg: '012', name: '丹水池街道', roads: ['丹水池路', '江大路', '后湖大道', '堤角前街'] },
  { seg: '013', name: '台北街道', roads: ['台北路', '台北一路', '香港路', '建设大道'] },
  { seg: '014', name: '花桥街道', roads: ['花桥街', '黄浦大街', '后湖大道', '解放大道'] },
  { seg: '015', name: '谌家矶街道', roads: ['谌家矶大道', '江大路', '幸福大道', '堤角路'] },
  { seg: '016', name: '后湖街道', roads: ['后湖大道', '后湖四路', '兴业路', '金桥大道'] },
  { seg: '018', name: '塔子湖街道', roads: ['塔子湖东路', '长港路', '发展大道', '百步亭路'] },
  { seg: '400', name: '百步亭花园', roads: ['百步亭花园路', '幸福大道', '安居路', '黄浦大街'] },
];

/** A district the generator builds streets in: 江岸区 (always) or the variant district (when asked). */
export interface DistrictDef {
  /** GB/T 2260 6-digit code: `420102`. */
  code6: string;
  /** `江岸区`. */
  name: string;
  /** Short form used in filing numbers: `江岸`. */
  shortName: string;
  /** True for the variant district (`variants: true`): its own spellings in every source. */
  variant: boolean;
  /** Its streets, in code order. */
  streets: readonly { seg: string; name: string; roads: readonly string[] }[];
}

/** 江岸区: the demo's home district. */
export const JIANGAN_DISTRICT: DistrictDef = { code6: '420102', name: '江岸区', shortName: '江岸', variant: false, streets: JIANGAN_STREETS };

/**
 * The variant district (generated only with `variants: true`): the code and name of 江汉区
 * (420103), with **invented** streets and roads (no such streets exist), so the hub meets sources
 * from a district the default demo never generates. Its sources spell estates, buildings and
 * organisations their own way (see `render/variant-spellings.ts`).
 */
export const VARIANT_DISTRICT: DistrictDef = {
  code6: '420103',
  name: '江汉区',
  shortName: '江汉',
  variant: true,
  streets: [
    { seg: '001', name: '汇通街道', roads: ['汇通路', '临川街', '明德里', '西河街'] },
    { seg: '002', name: '棠溪街道', roads: ['棠溪街', '云樟路', '沁园街', '桐华路'] },
    { seg: '003', name: '望川街道', roads: ['望川路', '南汀街', '晴岚路', '汀兰街'] },
  ],
};

/**
 * 姓: surname weights roughly as in the 2020 census (per 10,000), nudged towards Hubei
 * (胡, 熊, 程, 柯, 喻, 涂 a little higher). Compound surnames are slightly over-represented so
 * that small worlds usually contain one for the masking rules (`欧阳**`).
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 712], ['李', 700], ['张', 674], ['刘', 510], ['陈', 461], ['杨', 322], ['黄', 245], ['赵', 200],
  ['吴', 188], ['周', 188], ['徐', 146], ['孙', 138], ['马', 128], ['朱', 126], ['胡', 150], ['郭', 118],
  ['何', 117], ['林', 100], ['高', 96], ['罗', 95], ['郑', 88], ['梁', 87], ['谢', 74], ['宋', 67],
  ['唐', 66], ['许', 65], ['韩', 60], ['冯', 60], ['邓', 57], ['曹', 56], ['彭', 54], ['曾', 52],
  ['肖', 51], ['田', 50], ['董', 49], ['袁', 48], ['潘', 46], ['于', 46], ['蒋', 45], ['蔡', 44],
  ['余', 50], ['杜', 41], ['叶', 40], ['程', 48], ['苏', 38], ['魏', 38], ['吕', 38], ['丁', 37],
  ['任', 37], ['沈', 36], ['姚', 35], ['卢', 35], ['姜', 34], ['崔', 33], ['钟', 33], ['谭', 32],
  ['陆', 31], ['汪', 34], ['范', 30], ['金', 29], ['石', 29], ['廖', 29], ['贾', 28], ['夏', 30],
  ['韦', 27], ['付', 27], ['方', 26], ['白', 26], ['邹', 25], ['孟', 25], ['熊', 40], ['秦', 24],
  ['邱', 24], ['江', 24], ['尹', 23], ['薛', 22], ['闫', 22], ['段', 21], ['雷', 25], ['侯', 20],
  ['龙', 20], ['史', 20], ['陶', 19], ['黎', 19], ['贺', 19], ['顾', 18], ['毛', 18], ['郝', 17],
  ['龚', 20], ['邵', 17], ['万', 20], ['钱', 16], ['严', 15], ['覃', 15], ['武', 15], ['戴', 15],
  ['莫', 14], ['孔', 14], ['向', 18], ['汤', 13], ['柯', 14], ['鲁', 10], ['聂', 10], ['喻', 10],
  ['涂', 10], ['桂', 6], ['阮', 6], ['晏', 5],
  ['欧阳', 14], ['司马', 3], ['上官', 3], ['诸葛', 2], ['东方', 2], ['皇甫', 2], ['令狐', 1], ['司徒', 2],
  ['慕容', 1], ['夏侯', 1], ['公孙', 1], ['端木', 1], ['尉迟', 1], ['宇文', 1],
];

/** Given-name characters by birth cohort and sex; cohorts follow naming fashions. */
export const GIVEN_NAME_CHARS = {
  /** Born before 1970. */
  old: {
    M: Array.from('建国华军明德福林文海平志忠强生荣春祥贵宝胜利民新发庆长兴学进卫东红光'),
    F: Array.from('秀英兰珍芳凤桂玉梅琴华萍云霞莲翠淑菊红敏美金爱素香桃春荣'),
  },
  /** Born 1970–1994. */
  mid: {
    M: Array.from('伟磊勇涛斌杰鹏超辉刚峰军波亮俊浩鑫飞健锋强明杨凯毅晖斌鸿'),
    F: Array.from('静丽敏婷娟燕艳玲芳娜莉洁晶颖雪琳倩慧蓉丹佳欢瑶媛琼'),
  },
  /** Born 1995 or later. */
  young: {
    M: Array.from('浩宇轩子梓睿博然泽晨铭涵杰航昊俊天一皓辰逸嘉宸豪奕霖煜哲'),
    F: Array.from('欣怡涵子梓萱诺雨思佳可馨悦琪彤语瑶晴妍一若依梦紫沐汐芊'),
  },
} as const;

/**
 * Simplified → Traditional for characters of the lists above that differ, used only to
 * plant `TRADITIONAL_NAME` values (the normaliser must turn them back).
 */
export const TRADITIONAL_CHARS: Readonly<Record<string, string>> = {
  陈: '陳', 张: '張', 刘: '劉', 黄: '黃', 赵: '趙', 杨: '楊', 吴: '吳', 郑: '鄭', 许: '許', 冯: '馮',
  邓: '鄧', 韩: '韓', 叶: '葉', 苏: '蘇', 吕: '呂', 卢: '盧', 钟: '鍾', 谭: '譚', 陆: '陸', 贾: '賈',
  龚: '龔', 汤: '湯', 罗: '羅', 孙: '孫', 马: '馬', 谢: '謝', 蒋: '蔣', 邹: '鄒', 龙: '龍', 贺: '賀',
  顾: '顧', 严: '嚴', 钱: '錢', 万: '萬', 聂: '聶', 鲁: '魯', 阳: '陽', 门: '門', 东: '東',
  国: '國', 华: '華', 军: '軍', 丽: '麗', 红: '紅', 兰: '蘭', 凤: '鳳', 伟: '偉', 刚: '剛', 强: '強',
  杰: '傑', 涛: '濤', 鹏: '鵬', 辉: '輝', 飞: '飛', 锋: '鋒', 静: '靜', 艳: '艷', 洁: '潔', 颖: '穎',
  宝: '寶', 荣: '榮', 贵: '貴', 胜: '勝', 云: '雲', 莲: '蓮', 轩: '軒', 泽: '澤', 铭: '銘', 诺: '諾',
  悦: '悅', 语: '語', 瑶: '瑤', 梦: '夢', 鸿: '鴻', 庆: '慶', 长: '長', 兴: '興', 发: '發', 进: '進',
  学: '學', 卫: '衛', 晖: '暉', 欢: '歡', 琼: '瓊', 爱: '愛', 宁: '寧', 书: '書', 凯: '凱', 乐: '樂',
  晓: '曉', 诚: '誠', 义: '義', 顺: '順',
};

/** 民族 weights (Hubei: 土家族 is the largest minority). */
export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 9750], ['土家族', 110], ['回族', 35], ['苗族', 30], ['满族', 20], ['蒙古族', 10],
  ['壮族', 10], ['侗族', 10], ['彝族', 5], ['朝鲜族', 5], ['维吾尔族', 5], ['藏族', 5], ['白族', 5],
];

/** GB/T 2260 code of 江岸区. */
export const JIANGAN_AREA6 = '420102';

/** Other districts of 武汉市 (GB/T 2260). */
export const WUHAN_AREA6: readonly string[] = [
  '420103', '420104', '420105', '420106', '420107', '420111', '420112', '420113', '420114', '420115',
  '420116', '420117',
];

/** Counties and districts elsewhere in 湖北 (current codes). */
export const HUBEI_AREA6: readonly string[] = [
  '420202', '420222', '420502', '420602', '420624', '420702', '420704', '420902', '420921', '420922',
  '420923', '420981', '420982', '420984', '421002', '421081', '421087', '421102', '421122', '421123',
  '421124', '421125', '421126', '421127', '421202', '421302', '422801', '429004', '429005', '429006',
];

/** Places migrants to Wuhan commonly come from outside 湖北 (current codes). */
export const OTHER_PROVINCE_AREA6: readonly string[] = [
  '411502', '411521', '411524', '410105', '411302', '430602', '430104', '430121', '430621', '360403',
  '360426', '361102', '341502', '340104', '500101', '500228', '511602', '510107', '440305', '440106',
  '610113', '370102', '110105', '320102', '330106', '350102', '450102', '520102', '130102', '210102',
];

/**
 * Codes no longer in GB/T 2260 that real IDs still carry: the numbers were issued before
 * the prefecture became a city (孝感地区 4222, 黄冈地区 4221, 随州市 as 429001). Parsing
 * them must only warn.
 */
export const RETIRED_AREA6: readonly string[] = ['422201', '422202', '422101', '422103', '429001'];

/** Mobile number prefixes of the three carriers (11-digit numbers: prefix + 8 digits). */
export const MOBILE_PREFIXES: readonly string[] = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178',
  '182', '183', '184', '187', '188', '195', '198', '130', '131', '132', '155', '156', '166', '175',
  '176', '185', '186', '133', '149', '153', '173', '177', '180', '181', '189', '190', '191', '193',
  '199',
];

/** Invented community names are built from two characters of these lists + `社区`. */
export const COMMUNITY_NAME_FIRST = Array.from('安宝长崇大丹德东丰福光广汉和河红华惠吉嘉建江金锦景康乐丽立联明民南宁平庆仁瑞盛顺泰同万文祥新兴旭阳怡永友育裕振正众');
/** Second character of community names. */
export const COMMUNITY_NAME_SECOND = Array.from('安昌城德丰福光海和华惠佳建江康乐利林美民明宁平庆荣瑞盛顺泰园苑新兴阳益谊源跃泽中');

/** 小区 name prefixes. */
export const ESTATE_PREFIXES: readonly string[] = [
  '锦绣', '阳光', '金色', '滨江', '江城', '书香', '翠苑', '银河', '紫荆', '香榭', '明珠', '怡景', '和谐', '东方',
  '盛世', '碧水', '绿洲', '天悦', '百合', '丹枫', '栖霞', '晴川', '铭鑫', '恒安', '嘉禾', '兴业', '春江', '汉韵',
  '美林', '金桥', '惠民', '福星', '君悦', '御江', '清华', '融侨', '鹏程', '同馨', '正荣', '凯旋',
];
/** 小区 name suffixes. */
export const ESTATE_SUFFIXES: readonly string[] = [
  '花园', '小区', '家园', '公寓', '苑', '雅居', '名邸', '华庭', '新城', '佳园', '新村', '里', '尚城', '雅苑',
];
/** Old work-unit estates (单位宿舍): `铁路局宿舍`, `纺织厂家属院`. */
export const OLD_ESTATE_WORKS: readonly string[] = [
  '铁路', '邮电', '纺织', '机械', '电力', '粮食', '航运', '港务', '烟草', '供电', '水运', '印刷', '棉纺', '车辆',
];
/** Second part of old work-unit estate names. */
export const OLD_ESTATE_KINDS: readonly string[] = ['局宿舍', '厂宿舍', '公司宿舍', '厂家属院', '局家属院'];

/** Two-character brand-like words for invented company and organisation names. */
export const BRAND_WORDS: readonly string[] = [
  '同心', '益家', '乐龄', '暖阳', '善邻', '和美', '星火', '红枫', '安居', '康宁', '恒泰', '佳和', '鑫诚', '汇德',
  '长盛', '荣信', '仁和', '众邦', '楚天', '江汉', '汉广', '宏景', '天元', '博雅', '启航', '悦邻', '聚福', '润民',
  '德馨', '博爱', '知行', '睦邻', '晨光', '春晖', '安泰', '景和', '嘉禾', '诚信', '民安', '福瑞',
];

/** Patterns of property company names; `{b}` is a brand word. */
export const PROPERTY_COMPANY_PATTERNS: readonly string[] = [
  '武汉{b}物业服务有限公司',
  '湖北{b}物业管理有限公司',
  '武汉市江岸区{b}物业管理有限公司',
  '武汉{b}物业发展有限公司',
  '湖北{b}城市服务有限公司',
];

/** 社会团体 name patterns registered by the district civil-affairs bureau. */
export const ASSOCIATION_TOPICS: readonly string[] = [
  '老年人体育协会', '书法家协会', '摄影家协会', '志愿者协会', '社会工作协会', '慈善会', '个体劳动者协会',
  '楼宇经济促进会', '养老服务协会', '家庭教育研究会', '心理健康促进会', '邻里互助协会', '物业管理协会',
  '餐饮行业协会', '退役军人服务协会', '青年创业促进会', '红色文化研究会', '社区发展促进会',
];

/** 民办非企业单位 / 社会服务机构 name patterns; `{b}` brand word. */
export const SERVICE_ORG_PATTERNS: readonly string[] = [
  '武汉市江岸区{b}社会工作服务中心',
  '江岸区{b}居家养老服务中心',
  '江岸区{b}幼儿园',
  '武汉市江岸区{b}培训学校',
  '江岸区{b}社区服务中心',
  '武汉市江岸区{b}心理咨询服务中心',
  '江岸区{b}助残服务中心',
];

/** Community social organisations (社区社会组织), prefixed with the community name. */
export const COMMUNITY_GROUP_TOPICS: readonly string[] = [
  '广场舞队', '志愿服务队', '老年协会', '读书会', '编织社', '合唱团', '太极拳队', '巾帼志愿队', '邻里互助会',
  '书画社', '夕阳红服务队', '平安巡逻队', '健身队', '乒乓球队', '环保志愿队', '党员先锋队',
];

/** 业务主管单位 candidates for district social organisations. */
export const SUPERVISORS: readonly string[] = [
  '武汉市江岸区民政局', '武汉市江岸区文化和旅游局', '武汉市江岸区教育局', '武汉市江岸区卫生健康局',
  '武汉市江岸区退役军人事务局', '共青团武汉市江岸区委员会', '武汉市江岸区科学技术协会',
];

/** Resident-unit (驻区单位) name patterns; `{b}` brand word, `{road}` a road. `uscc` category prefix. */
export const RESIDENT_UNIT_PATTERNS: readonly { pattern: string; category: '12' | '91'; large: boolean }[] = [
  { pattern: '武汉市江岸区{b}小学', category: '12', large: false },
  { pattern: '武汉市江岸区{b}中学', category: '12', large: true },
  { pattern: '江岸区{road}社区卫生服务中心', category: '12', large: false },
  { pattern: '武汉{b}医院', category: '12', large: true },
  { pattern: '武汉{b}科技有限公司', category: '91', large: false },
  { pattern: '湖北{b}建设集团有限公司', category: '91', large: true },
  { pattern: '武汉{b}商贸有限公司', category: '91', large: false },
  { pattern: '江岸区{b}供电服务站', category: '12', large: false },
];

/**
 * District (and city) departments and service centres that take cases. `key` is the
 * organisation key suffix; `category` the USCC category (`11` 机关, `12` 事业单位).
 */
export const GOVERNMENT_DEPTS: readonly { key: string; name: string; category: '11' | '12'; areaCode: string }[] = [
  { key: 'civil-affairs', name: '武汉市江岸区民政局', category: '11', areaCode: '420102000000' },
  { key: 'urban-management', name: '武汉市江岸区城市管理执法局', category: '11', areaCode: '420102000000' },
  { key: 'housing', name: '武汉市江岸区住房和城市更新局', category: '11', areaCode: '420102000000' },
  { key: 'market', name: '武汉市江岸区市场监督管理局', category: '11', areaCode: '420102000000' },
  { key: 'public-security', name: '武汉市公安局江岸区分局', category: '11', areaCode: '420102000000' },
  { key: 'water', name: '武汉市江岸区水务和湖泊局', category: '11', areaCode: '420102000000' },
  { key: 'health', name: '武汉市江岸区卫生健康局', category: '11', areaCode: '420102000000' },
  { key: 'veterans', name: '武汉市江岸区退役军人事务局', category: '11', areaCode: '420102000000' },
  { key: 'environment', name: '武汉市生态环境局江岸区分局', category: '11', areaCode: '420102000000' },
  { key: 'grid-center', name: '武汉市江岸区网格化服务管理中心', category: '12', areaCode: '420102000000' },
  { key: 'hotline', name: '武汉市12345市民服务热线中心', category: '12', areaCode: '420100000000' },
];

/** Chinese numerals for ordinal names (`第三网格`), 1-based index; up to 99. */
export function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

/** Replace `{name}` placeholders in a template. Unknown placeholders stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(values, k) ? values[k]! : m));
}
