/**
 * Catalogues for cases, duty items (权责清单) and activities of the synthetic world: which
 * categories exist, who handles them, which duty item obliges the handler, and the text
 * templates titles and contents are made from. Synthetic texts; laws are cited by name only.
 */

/**
 * Who takes a case of a category: the community's residents' committee (`RC`), the street
 * office (`STREET`), the estate's property company (`PROPERTY`, falls back to `RC` where
 * the building has none) or a district department (`DEPT:<key>`, see `GOVERNMENT_DEPTS`).
 */
export type HandlerRef = 'RC' | 'STREET' | 'PROPERTY' | `DEPT:${string}`;

/** One category of resident appeals (committee platform and 12345). */
export interface AppealCategory {
  /** Category name as the platforms show it. */
  category: string;
  /** Relative frequency among appeals. */
  weight: number;
  /** 诉求类型 weights. */
  appealTypes: readonly (readonly [string, number])[];
  /** Lead-unit candidates with weights. */
  handlers: readonly (readonly [HandlerRef, number])[];
  /** Duty-item template id that obliges the handler, or `null`. */
  duty: string | null;
  /** Title templates. */
  titles: readonly string[];
  /** The matter itself, a clause inserted into the content frame. */
  issues: readonly string[];
}

/** Placeholders available to title and issue templates: `{place}` `{estate}` `{building}` `{road}` `{dur}`. */
export const APPEAL_CATEGORIES: readonly AppealCategory[] = [
  {
    category: '环境卫生', weight: 14, duty: 'r1',
    appealTypes: [['投诉', 6], ['求助', 2], ['建议', 1]],
    handlers: [['RC', 3], ['PROPERTY', 3], ['STREET', 2], ['DEPT:urban-management', 1]],
    titles: ['{estate}垃圾清运不及时', '{place}楼道杂物堆积', '{road}垃圾桶满溢无人清理'],
    issues: ['垃圾桶满溢，垃圾散落一地，气味很大', '楼道内堆放大量杂物和废旧家具', '绿化带内有人长期堆放建筑垃圾'],
  },
  {
    category: '噪音扰民', weight: 10, duty: 'a4',
    appealTypes: [['投诉', 9], ['举报', 1]],
    handlers: [['STREET', 3], ['DEPT:public-security', 2], ['RC', 2], ['DEPT:environment', 1]],
    titles: ['{place}夜间施工噪音扰民', '{estate}广场舞音响声音过大', '{place}装修噪音影响休息'],
    issues: ['每天晚上十点以后仍在施工，噪音很大', '每晚广场舞音响开得很大，影响老人小孩休息', '楼上装修周末一早就开始电钻作业'],
  },
  {
    category: '占道经营', weight: 7, duty: 'p1',
    appealTypes: [['投诉', 5], ['举报', 3]],
    handlers: [['STREET', 4], ['DEPT:urban-management', 3]],
    titles: ['{road}占道经营', '{road}流动摊贩堵塞人行道'],
    issues: ['早晚有流动摊贩占用人行道摆摊，行人只能走机动车道', '门店长期把货物摆到店外人行道上'],
  },
  {
    category: '违章搭建', weight: 6, duty: 'p2',
    appealTypes: [['举报', 6], ['投诉', 3]],
    handlers: [['STREET', 4], ['DEPT:urban-management', 2]],
    titles: ['{place}顶楼违章搭建', '{estate}一楼住户私自扩建院子'],
    issues: ['顶楼住户在楼顶搭建彩钢棚，存在安全隐患', '一楼住户私自圈占公共绿地扩建院子'],
  },
  {
    category: '物业服务', weight: 12, duty: 'r3',
    appealTypes: [['投诉', 7], ['咨询', 2], ['建议', 1]],
    handlers: [['PROPERTY', 4], ['RC', 3], ['DEPT:housing', 1]],
    titles: ['{estate}物业服务不到位', '{estate}物业费收费标准咨询', '{estate}门禁长期损坏无人修'],
    issues: ['物业对报修长期不处理，公共区域卫生无人打扫', '想了解物业费上涨是否经过业主大会同意', '单元门禁损坏一个多月，外来人员随意进出'],
  },
  {
    category: '邻里纠纷', weight: 7, duty: 'b5',
    appealTypes: [['求助', 6], ['投诉', 3]],
    handlers: [['RC', 8], ['STREET', 1]],
    titles: ['{place}邻里纠纷调解', '{place}楼上漏水邻里协商未果'],
    issues: ['楼上卫生间漏水到家中，与楼上住户多次协商未果', '邻居在公共走廊堆放物品并安装鞋柜，沟通无果'],
  },
  {
    category: '社会救助', weight: 5, duty: 'b1',
    appealTypes: [['咨询', 6], ['求助', 4]],
    handlers: [['RC', 6], ['STREET', 2], ['DEPT:civil-affairs', 1]],
    titles: ['咨询低保申请条件', '家庭困难申请临时救助'],
    issues: ['家中老人患病、收入微薄，想咨询低保申请需要哪些材料', '因家人重病开支大，希望申请临时救助'],
  },
  {
    category: '养老服务', weight: 5, duty: 'b12',
    appealTypes: [['咨询', 5], ['求助', 3], ['建议', 2]],
    handlers: [['RC', 6], ['STREET', 2], ['DEPT:civil-affairs', 1]],
    titles: ['咨询高龄津贴办理', '希望社区开设老年助餐点', '独居老人需要上门探访'],
    issues: ['家中老人年满八十岁，想咨询高龄津贴如何办理', '附近没有老年食堂，希望社区开设助餐点', '独居老人行动不便，希望社区定期上门探访'],
  },
  {
    category: '消防安全', weight: 6, duty: 'p7',
    appealTypes: [['举报', 5], ['投诉', 3]],
    handlers: [['STREET', 3], ['PROPERTY', 3], ['RC', 1]],
    titles: ['{place}电动车楼道充电', '{estate}消防通道被占用'],
    issues: ['有住户从楼上拉线给电动车充电，存在火灾隐患', '消防通道长期被私家车占用，消防车无法通行'],
  },
  {
    category: '犬只管理', weight: 3, duty: 'p8',
    appealTypes: [['投诉', 8], ['举报', 2]],
    handlers: [['STREET', 3], ['DEPT:public-security', 2], ['RC', 2]],
    titles: ['{estate}遛狗不牵绳', '{place}犬只夜间吠叫扰民'],
    issues: ['有居民遛狗不牵绳，小孩被吓到', '邻居家的狗每晚吠叫，影响休息'],
  },
  {
    category: '房屋安全', weight: 4, duty: 'a6',
    appealTypes: [['求助', 5], ['投诉', 2]],
    handlers: [['DEPT:housing', 3], ['STREET', 2], ['PROPERTY', 2]],
    titles: ['{place}外墙瓷砖脱落', '{place}墙体出现裂缝'],
    issues: ['外墙瓷砖脱落砸坏楼下车辆，担心砸伤行人', '房屋墙体出现多处裂缝，担心房屋安全'],
  },
  {
    category: '供水问题', weight: 5, duty: 'a3',
    appealTypes: [['求助', 5], ['投诉', 3]],
    handlers: [['DEPT:water', 3], ['PROPERTY', 3], ['STREET', 1]],
    titles: ['{estate}停水无通知', '{place}自来水水压低'],
    issues: ['突然停水，没有任何通知', '高楼层水压很低，早晚用水高峰基本没水'],
  },
  {
    category: '市政设施', weight: 5, duty: 'b10',
    appealTypes: [['投诉', 4], ['求助', 2], ['建议', 1]],
    handlers: [['DEPT:urban-management', 3], ['STREET', 3]],
    titles: ['{road}路灯不亮', '{road}井盖缺失'],
    issues: ['路灯连续多晚不亮，晚上出行不安全', '人行道上井盖缺失，存在安全隐患'],
  },
  {
    category: '停车管理', weight: 5, duty: 'r3',
    appealTypes: [['投诉', 5], ['建议', 2]],
    handlers: [['PROPERTY', 4], ['RC', 2], ['STREET', 1]],
    titles: ['{estate}停车乱象', '{estate}外来车辆占用车位'],
    issues: ['小区内车辆乱停乱放，救护车进不来', '外来车辆长期占用业主车位，物业不管'],
  },
  {
    category: '流动人口服务', weight: 2, duty: 'b7',
    appealTypes: [['咨询', 8], ['求助', 2]],
    handlers: [['RC', 5], ['DEPT:public-security', 2]],
    titles: ['咨询居住证办理', '租房登记咨询'],
    issues: ['刚来武汉工作，想咨询居住证办理需要什么材料', '想了解出租房屋需要办理哪些登记手续'],
  },
  {
    category: '退役军人服务', weight: 2, duty: 'b8',
    appealTypes: [['咨询', 7], ['求助', 3]],
    handlers: [['STREET', 4], ['DEPT:veterans', 2]],
    titles: ['咨询退役军人优待证办理', '退役军人就业帮扶咨询'],
    issues: ['想咨询退役军人优待证在哪里办理', '退役后一直没有稳定工作，希望得到就业帮扶'],
  },
  {
    category: '社区建设', weight: 4, duty: null,
    appealTypes: [['建议', 8], ['咨询', 2]],
    handlers: [['RC', 6], ['STREET', 1]],
    titles: ['建议{estate}增设健身器材', '建议增设电动车充电桩', '建议加装电梯'],
    issues: ['小区内没有健身器材，希望增设一些', '小区电动车多，希望增设集中充电桩', '老旧楼栋没有电梯，老人上下楼困难，希望推进加装电梯'],
  },
];

/** Categories grid workers report on patrol (网格上报事件), reusing appeal handlers and duties. */
export const INCIDENT_CATEGORIES: readonly { category: string; weight: number; handlers: readonly (readonly [HandlerRef, number])[]; duty: string | null; titles: readonly string[]; issues: readonly string[] }[] = [
  {
    category: '消防安全隐患', weight: 5, duty: 'p7',
    handlers: [['STREET', 3], ['PROPERTY', 2], ['RC', 1]],
    titles: ['{place}楼道堆放易燃杂物', '{place}电动车飞线充电'],
    issues: ['楼道内堆放纸箱等易燃杂物', '发现住户飞线给电动车充电'],
  },
  {
    category: '环境卫生', weight: 5, duty: 'r1',
    handlers: [['RC', 2], ['PROPERTY', 2], ['STREET', 2]],
    titles: ['{road}暴露垃圾', '{estate}绿化带建筑垃圾'],
    issues: ['路边有暴露垃圾未及时清运', '绿化带内堆放建筑垃圾'],
  },
  {
    category: '占道经营', weight: 3, duty: 'p1',
    handlers: [['STREET', 3], ['DEPT:urban-management', 1]],
    titles: ['{road}占道经营'],
    issues: ['门店出店经营，占用人行道'],
  },
  {
    category: '违章搭建', weight: 2, duty: 'p2',
    handlers: [['STREET', 1]],
    titles: ['{place}新增违章搭建'],
    issues: ['发现顶楼正在新建彩钢棚'],
  },
  {
    category: '市政设施损坏', weight: 3, duty: 'b10',
    handlers: [['DEPT:urban-management', 2], ['STREET', 1]],
    titles: ['{road}井盖破损', '{road}人行道地砖松动'],
    issues: ['井盖破损下沉', '人行道地砖松动翘起'],
  },
  {
    category: '矛盾纠纷', weight: 2, duty: 'b5',
    handlers: [['RC', 1]],
    titles: ['{place}邻里矛盾'],
    issues: ['两户居民因公共区域使用发生争吵'],
  },
];

/** Repair categories of the property firms' systems (S4 `category`). */
export const REPAIR_CATEGORIES: readonly { category: string; weight: number; titles: readonly string[]; issues: readonly string[] }[] = [
  { category: '水电', weight: 10, titles: ['{room}卫生间漏水', '{room}跳闸断电', '{building}{unit}水管爆裂'], issues: ['卫生间漏水，渗到楼下', '家中频繁跳闸，检查后疑为入户线路问题', '楼道水管爆裂，水流到一楼'] },
  { category: '电梯', weight: 6, titles: ['{building}{unit}电梯故障', '{building}{unit}电梯困人'], issues: ['电梯运行时异响，经常停在半层', '电梯困人，约二十分钟后才有人来'] },
  { category: '公共设施', weight: 6, titles: ['{building}{unit}楼道灯不亮', '{building}单元门禁损坏'], issues: ['楼道声控灯不亮', '单元门禁无法刷卡'] },
  { category: '环境卫生', weight: 4, titles: ['{building}垃圾未清运', '{building}楼道卫生差'], issues: ['垃圾桶满溢未清运', '楼道长期无人打扫'] },
  { category: '安全', weight: 3, titles: ['{building}消防栓无水', '{building}监控损坏'], issues: ['消防栓打开没有水', '单元门口监控损坏'] },
];

/** How a clerk frames the content of an appeal; `{issue}` is the category clause. */
export const CONTENT_FRAMES: Readonly<Record<'committee-api' | '12345' | 'incident' | 'repair', readonly string[]>> = {
  'committee-api': [
    '居民反映：{place}{issue}，{dur}，希望社区帮忙协调解决。',
    '居民来访称：{place}{issue}，{dur}，请尽快处理。',
    '居民通过微信反映：{place}{issue}，{dur}。',
  ],
  '12345': [
    '市民来电反映：{place}{issue}，{dur}，希望相关部门尽快处理。',
    '来电人称：{place}{issue}，{dur}，要求尽快解决。',
    '市民反映：{place}{issue}，{dur}，请相关部门核实处理。',
  ],
  incident: ['网格员巡查发现：{place}{issue}，已拍照取证，请相关单位处置。', '网格巡查上报：{place}{issue}。'],
  repair: ['业主报修：{place}{issue}。', '{place}{issue}，请尽快安排维修。'],
};

/** Duration phrases for `{dur}`. */
export const DURATIONS: readonly string[] = ['近一周', '已有半个月', '连续三天', '多日', '一个多月', '反复出现'];

/** 退单理由. */
export const RETURN_REASONS: readonly string[] = [
  '不属于本单位职责范围',
  '地址信息不准确，无法核实',
  '涉及产权问题，建议改派住建部门',
  '该事项已由其他单位办理',
];
/** 不予受理理由. */
export const REJECT_REASONS: readonly string[] = ['诉求内容不明确，无法受理', '重复诉求，已合并办理', '不属于受理范围'];
/** 延期理由. */
export const EXTEND_REASONS: readonly string[] = ['需协调多个部门，申请延期', '材料采购周期较长', '需待业主大会表决', '需等待天气条件允许施工'];
/** 核查不通过理由. */
export const VERIFY_FAILED_REASONS: readonly string[] = ['现场核查问题未解决', '居民反映仍未整改到位'];
/** 重新办理理由. */
export const REOPEN_REASONS: readonly string[] = ['回访不满意，重新办理'];
/** 仲裁理由. */
export const ARBITRATION_REASONS: readonly string[] = ['两次退单，提请仲裁确定承办单位'];

/**
 * Status labels each source shows for each canonical status; a missing entry means the
 * source does not record that step (the connector infers it). Labels are ones
 * `COARSE_STATUS_MAP` in `src/domain/case-state.ts` knows, except that the committee
 * platform uses 已退回 both for 退单 and for 不予受理 (its vocabulary has nothing else).
 */
export const RAW_STATUS: Readonly<Record<'committee-api' | 'property-events' | '12345', Readonly<Partial<Record<string, string>>>>> = {
  'committee-api': {
    REPORTED: '待受理', ACCEPTED: '已受理', DISPATCHED: '已派遣', IN_PROGRESS: '处理中', HANDLED: '已办结',
    CLOSED: '已关闭', RETURNED: '已退回', REJECTED: '已退回',
  },
  'property-events': {
    ACCEPTED: '已受理', DISPATCHED: '已派工', IN_PROGRESS: '维修中', HANDLED: '已完成', CLOSED: '已回访',
  },
  '12345': {
    REPORTED: '待受理', ACCEPTED: '已受理', DISPATCHED: '已派单', SIGNED: '已签收', IN_PROGRESS: '办理中',
    EXTENDED: '延期中', HANDLED: '已办结', CLOSED: '已回访', ARCHIVED: '已归档', RETURNED: '已退单',
    REJECTED: '不予受理', ARBITRATION: '仲裁中', VERIFY_FAILED: '核查不通过', REOPENED: '重新办理',
  },
};

/** One template of a street's 权责清单. */
export interface DutyTemplate {
  /** Template id used by case categories (`p1`, `r3`, `b5` …). */
  id: string;
  /** 事项名称. */
  name: string;
  /** 清单类型. */
  listType: 'POWER' | 'RESPONSIBILITY' | 'BASIC_DUTY' | 'ASSIST_DUTY' | 'WITHDRAWN';
  /** 职权类别. */
  powerCategory: string;
  /** 实施依据. */
  basis: string;
  /** 责任单位 (a department of the street office). */
  responsibleUnit: string;
}

/** Code abbreviation per list type: 权力 QL, 责任 ZR, 基本履职 JC, 配合履职 PH, 收回 SH. */
export const DUTY_LIST_ABBR: Readonly<Record<DutyTemplate['listType'], string>> = {
  POWER: 'QL',
  RESPONSIBILITY: 'ZR',
  BASIC_DUTY: 'JC',
  ASSIST_DUTY: 'PH',
  WITHDRAWN: 'SH',
};

/**
 * The duty-item catalogue, most frequently linked first so that small profiles (which take a
 * prefix) still cover the common case categories.
 */
export const DUTY_TEMPLATES: readonly DutyTemplate[] = [
  { id: 'r1', name: '辖区环境卫生监督管理', listType: 'RESPONSIBILITY', powerCategory: '其他行政权力', basis: '《城市市容和环境卫生管理条例》', responsibleUnit: '城市管理办公室' },
  { id: 'r3', name: '物业服务监督管理与业主委员会指导', listType: 'RESPONSIBILITY', powerCategory: '其他行政权力', basis: '《物业管理条例》', responsibleUnit: '社区建设办公室' },
  { id: 'b5', name: '居民矛盾纠纷调解', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《中华人民共和国人民调解法》', responsibleUnit: '平安建设办公室' },
  { id: 'p1', name: '对违法占道经营行为的处罚', listType: 'POWER', powerCategory: '行政处罚', basis: '《城市市容和环境卫生管理条例》', responsibleUnit: '综合行政执法中心' },
  { id: 'a4', name: '配合开展噪声污染防治', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《中华人民共和国噪声污染防治法》', responsibleUnit: '平安建设办公室' },
  { id: 'p2', name: '对违法建设行为的查处', listType: 'POWER', powerCategory: '行政处罚', basis: '《中华人民共和国城乡规划法》', responsibleUnit: '综合行政执法中心' },
  { id: 'b1', name: '最低生活保障申请受理', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《社会救助暂行办法》', responsibleUnit: '公共服务办公室' },
  { id: 'b12', name: '养老服务组织实施', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《中华人民共和国老年人权益保障法》', responsibleUnit: '公共服务办公室' },
  { id: 'p7', name: '对消防安全隐患的检查', listType: 'POWER', powerCategory: '行政检查', basis: '《中华人民共和国消防法》', responsibleUnit: '应急管理办公室' },
  { id: 'b10', name: '城市管理与市容秩序巡查', listType: 'BASIC_DUTY', powerCategory: '行政检查', basis: '《城市市容和环境卫生管理条例》', responsibleUnit: '城市管理办公室' },
  { id: 'a3', name: '配合开展供水设施维护与停水协调', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《城市供水条例》', responsibleUnit: '城市管理办公室' },
  { id: 'a6', name: '配合开展房屋安全隐患排查', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《城市危险房屋管理规定》', responsibleUnit: '社区建设办公室' },
  { id: 'p8', name: '对违规饲养犬只行为的处罚', listType: 'POWER', powerCategory: '行政处罚', basis: '《武汉市养犬管理条例》', responsibleUnit: '综合行政执法中心' },
  { id: 'b7', name: '流动人口服务管理', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《居住证暂行条例》', responsibleUnit: '平安建设办公室' },
  { id: 'b8', name: '退役军人服务保障', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《中华人民共和国退役军人保障法》', responsibleUnit: '退役军人服务站' },
  { id: 'p4', name: '对乱堆乱放、乱贴乱画行为的处罚', listType: 'POWER', powerCategory: '行政处罚', basis: '《城市市容和环境卫生管理条例》', responsibleUnit: '综合行政执法中心' },
  { id: 'p5', name: '对违规燃放烟花爆竹行为的处罚', listType: 'POWER', powerCategory: '行政处罚', basis: '《烟花爆竹安全管理条例》', responsibleUnit: '平安建设办公室' },
  { id: 'p6', name: '对生活垃圾分类投放的检查', listType: 'POWER', powerCategory: '行政检查', basis: '《武汉市生活垃圾分类管理办法》', responsibleUnit: '城市管理办公室' },
  { id: 'r2', name: '辖区安全生产监督检查', listType: 'RESPONSIBILITY', powerCategory: '行政检查', basis: '《中华人民共和国安全生产法》', responsibleUnit: '应急管理办公室' },
  { id: 'r4', name: '矛盾纠纷排查调处', listType: 'RESPONSIBILITY', powerCategory: '其他行政权力', basis: '《中华人民共和国人民调解法》', responsibleUnit: '平安建设办公室' },
  { id: 'r5', name: '老旧小区改造组织实施', listType: 'RESPONSIBILITY', powerCategory: '公共服务', basis: '《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》', responsibleUnit: '社区建设办公室' },
  { id: 'b2', name: '特困人员救助供养申请受理', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《社会救助暂行办法》', responsibleUnit: '公共服务办公室' },
  { id: 'b3', name: '高龄津贴申请受理', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《中华人民共和国老年人权益保障法》', responsibleUnit: '公共服务办公室' },
  { id: 'b4', name: '残疾人两项补贴申请受理', listType: 'BASIC_DUTY', powerCategory: '公共服务', basis: '《中华人民共和国残疾人保障法》', responsibleUnit: '公共服务办公室' },
  { id: 'b6', name: '社区居民委员会工作指导', listType: 'BASIC_DUTY', powerCategory: '其他', basis: '《中华人民共和国城市居民委员会组织法》', responsibleUnit: '社区建设办公室' },
  { id: 'b9', name: '网格化服务管理', listType: 'BASIC_DUTY', powerCategory: '其他', basis: '《中共中央 国务院关于加强基层治理体系和治理能力现代化建设的意见》', responsibleUnit: '党政综合办公室' },
  { id: 'b11', name: '燃气安全宣传与巡查', listType: 'BASIC_DUTY', powerCategory: '其他', basis: '《城镇燃气管理条例》', responsibleUnit: '应急管理办公室' },
  { id: 'a1', name: '配合开展违法建设查处', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《中华人民共和国城乡规划法》', responsibleUnit: '综合行政执法中心' },
  { id: 'a2', name: '配合开展食品安全监督检查', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《中华人民共和国食品安全法》', responsibleUnit: '公共服务办公室' },
  { id: 'a5', name: '配合开展治安防范', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《中华人民共和国治安管理处罚法》', responsibleUnit: '平安建设办公室' },
  { id: 'a7', name: '配合开展征兵工作', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《中华人民共和国兵役法》', responsibleUnit: '退役军人服务站' },
  { id: 'a8', name: '配合开展人口普查', listType: 'ASSIST_DUTY', powerCategory: '其他', basis: '《全国人口普查条例》', responsibleUnit: '党政综合办公室' },
  { id: 'w1', name: '城市道路挖掘审批', listType: 'WITHDRAWN', powerCategory: '行政许可', basis: '《城市道路管理条例》', responsibleUnit: '城市管理办公室' },
  { id: 'w2', name: '户外广告设置审批', listType: 'WITHDRAWN', powerCategory: '行政许可', basis: '《城市市容和环境卫生管理条例》', responsibleUnit: '城市管理办公室' },
  { id: 'w3', name: '招商引资任务考核', listType: 'WITHDRAWN', powerCategory: '其他', basis: '《中共中央 国务院关于加强基层治理体系和治理能力现代化建设的意见》', responsibleUnit: '党政综合办公室' },
];

/** Activity title templates per type; `{community}` and `{estate}` are filled in. */
export const ACTIVITY_TITLES: Readonly<Record<'主题党日' | '联席会议' | '志愿服务' | '议事协商', readonly string[]>> = {
  主题党日: ['{community}党委{month}月主题党日活动', '“学党史、办实事”主题党日', '党员进网格、服务进楼栋主题党日'],
  联席会议: ['{community}红色物业联席会议', '{estate}物业服务协调联席会议', '区域化党建联席会议（{community}）'],
  志愿服务: ['{community}环境整治志愿服务', '关爱独居老人志愿服务', '垃圾分类宣传志愿服务', '“双报到”党员志愿服务'],
  议事协商: ['{estate}加装电梯议事协商会', '{estate}停车管理议事协商会', '{community}居民议事会'],
};
