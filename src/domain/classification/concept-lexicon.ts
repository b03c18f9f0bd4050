/**
 * A small hand-written lexicon of ride-hailing support vocabulary: each concept lists words that
 * mean it in English, Russian and Hebrew. Model features (`concepts`, features.ts) add one term per
 * concept a word belongs to, so a case in one language learns from cases written in the others:
 * "водитель", "נהג" and "driver" share the term {driver}. Words are matched by stem (English and
 * Russian) or as written, also behind Hebrew proclitics (stem.ts), so base forms are enough in
 * English and Russian; Hebrew lists the common inflected forms. Written for casebridge (issue 14).
 */
import { getStem } from './stem.js';
import { normalizeText, splitTokens } from './tokenize.js';

export const CONCEPT_LEXICON: Readonly<Record<string, readonly string[]>> = {
  driver: ['driver', 'drivers', 'водитель', 'водила', 'таксист', 'נהג', 'נהגים', 'נהגת', 'נהגות', 'הנהג'],
  rider: ['rider', 'passenger', 'passengers', 'пассажир', 'נוסע', 'נוסעת', 'נוסעים'],
  app: ['app', 'application', 'приложение', 'апп', 'אפליקציה', 'אפליקציית', 'האפליקציה', 'אפליקצייה'],
  crash: ['crash', 'crashes', 'freeze', 'frozen', 'вылетает', 'зависает', 'виснет', 'крашится', 'קורסת', 'נתקעת', 'קפאה', 'נסגרת'],
  update: ['update', 'version', 'обновление', 'апдейт', 'версия', 'עדכון', 'גרסה'],
  order: ['order', 'orders', 'request', 'requests', 'заказ', 'заявка', 'הזמנה', 'הזמנות', 'קריאה', 'קריאות'],
  book: ['book', 'booking', 'вызвать', 'заказать', 'להזמין', 'הזמנתי', 'מזמין', 'מזמינה'],
  ride: ['ride', 'trip', 'journey', 'поездка', 'נסיעה', 'נסיעות'],
  online: ['online', 'shift', 'линия', 'смена', 'משמרת', 'מחובר', 'להתחבר למשמרת'],
  login: ['login', 'log', 'sign', 'signin', 'войти', 'вход', 'зайти', 'авторизация', 'להתחבר', 'התחברות', 'להיכנס', 'כניסה'],
  code: ['code', 'sms', 'otp', 'код', 'смс', 'קוד', 'סמס', 'הודעה'],
  password: ['password', 'пароль', 'סיסמה', 'סיסמא'],
  account: ['account', 'profile', 'аккаунт', 'профиль', 'учетная', 'חשבון', 'פרופיל'],
  blocked: ['blocked', 'suspended', 'deactivated', 'banned', 'locked', 'заблокирован', 'блокировка', 'заблокировали', 'חסום', 'נחסם', 'נחסמתי', 'הושעה', 'השעיה'],
  verify: ['verify', 'verification', 'identity', 'selfie', 'проверка', 'верификация', 'селфи', 'אימות', 'זיהוי', 'סלפי'],
  hacked: ['hacked', 'взломали', 'взлом', 'פרצו', 'נפרץ'],
  card: ['card', 'visa', 'mastercard', 'карта', 'карты', 'כרטיס', 'אשראי'],
  charge: ['charge', 'charged', 'debit', 'списали', 'списание', 'сняли', 'חיוב', 'חויבתי', 'חייבו', 'ירד'],
  twice: ['twice', 'double', 'duplicate', 'дважды', 'двойное', 'повторно', 'פעמיים', 'כפול'],
  refund: ['refund', 'reimburse', 'return money', 'возврат', 'вернуть', 'верните', 'החזר', 'זיכוי', 'להחזיר'],
  money: ['money', 'pound', 'pounds', 'рубль', 'деньги', 'руб', 'כסף', 'שקל', 'שקלים', 'ש"ח'],
  receipt: ['receipt', 'чек', 'квитанция', 'קבלה', 'קבלות'],
  invoice: ['invoice', 'vat', 'счет', 'счет-фактура', 'акт', 'חשבונית', 'חשבוניות', 'מע"מ'],
  tip: ['tip', 'tips', 'чаевые', 'טיפ', 'טיפים'],
  wallet: ['wallet', 'balance', 'credit', 'кошелек', 'баланс', 'бонусы', 'ארנק', 'יתרה', 'קרדיט'],
  payment: ['payment', 'pay', 'paid', 'оплата', 'платеж', 'оплатить', 'תשלום', 'שילמתי', 'לשלם'],
  company: ['company', 'business', 'corporate', 'organisation', 'компания', 'организация', 'корпоративный', 'юрлицо', 'חברה', 'עסקי', 'עסקית', 'ארגון'],
  employee: ['employee', 'employees', 'staff', 'colleague', 'сотрудник', 'сотрудники', 'עובד', 'עובדים', 'עובדת'],
  portal: ['portal', 'dashboard', 'cabinet', 'кабинет', 'портал', 'פורטל'],
  report: ['report', 'reports', 'export', 'отчет', 'выгрузка', 'דוח', 'דוחות', 'ייצוא'],
  costcentre: ['cost centre', 'cost center', 'budget', 'limit', 'policy', 'лимит', 'бюджет', 'центр затрат', 'תקציב', 'מגבלה', 'מרכז עלות'],
  contract: ['contract', 'tender', 'договор', 'контракт', 'חוזה', 'הסכם'],
  admin: ['admin', 'administrator', 'manager', 'админ', 'администратор', 'менеджер', 'מנהל', 'מנהלת', 'אדמין'],
  console: ['console', 'backoffice', 'back office', 'admin panel', 'tool', 'консоль', 'бэкофис', 'админка', 'инструмент', 'קונסולה', 'בק אופיס', 'ממשק ניהול', 'כלי'],
  agent: ['agent', 'agents', 'operator', 'ticket', 'queue', 'оператор', 'агент', 'тикет', 'очередь', 'נציג', 'נציגים', 'נציגה', 'פנייה', 'תור'],
  permission: ['permission', 'access', 'role', 'доступ', 'права', 'роль', 'הרשאה', 'הרשאות', 'גישה'],
  price: ['price', 'fare', 'cost', 'tariff', 'цена', 'стоимость', 'тариф', 'מחיר', 'תעריף', 'עלות'],
  surge: ['surge', 'multiplier', 'demand', 'коэффициент', 'спрос', 'מכפיל', 'ביקוש'],
  estimate: ['estimate', 'quoted', 'shown', 'upfront', 'оценка', 'показывало', 'обещали', 'הערכה', 'הוצג', 'הראה'],
  wait: ['wait', 'waiting', 'ждать', 'ожидание', 'жду', 'подача', 'מחכה', 'המתנה', 'לחכות'],
  nocars: ['no cars', 'unavailable', 'нет машин', 'свободных', 'אין מוניות', 'אין רכבים', 'אין נהגים'],
  cancel: ['cancel', 'cancelled', 'canceled', 'отмена', 'отменил', 'отменяют', 'ביטול', 'ביטל', 'מבטלים'],
  far: ['far', 'away', 'km', 'далеко', 'км', 'רחוק', 'ק"מ'],
  route: ['route', 'detour', 'longer way', 'маршрут', 'крюк', 'מסלול', 'עיקוף'],
  accident: ['accident', 'crash into', 'collision', 'авария', 'дтп', 'столкновение', 'תאונה', 'התנגשות'],
  hurt: ['hurt', 'injured', 'injury', 'bleeding', 'травма', 'ушиб', 'больно', 'נפצעתי', 'פציעה', 'כואב', 'חבלה'],
  threat: ['threat', 'threatened', 'attack', 'hit me', 'угрожал', 'напал', 'ударил', 'איים', 'תקף', 'היכה'],
  harass: ['harassment', 'harassed', 'touched', 'stalking', 'домогательства', 'приставал', 'трогал', 'הטרדה', 'הטריד', 'נגע'],
  dangerous: ['dangerous', 'reckless', 'speeding', 'drunk', 'опасно', 'пьяный', 'гнал', 'скорость', 'מסוכן', 'מסוכנת', 'שיכור', 'מהירות'],
  police: ['police', 'полиция', 'משטרה'],
  lost: ['lost', 'forgot', 'left', 'забыл', 'забыла', 'оставил', 'потерял', 'שכחתי', 'שכחה', 'איבדתי', 'השארתי'],
  item: ['bag', 'phone', 'wallet', 'keys', 'umbrella', 'сумка', 'телефон', 'ключи', 'зонт', 'תיק', 'טלפון', 'מפתחות', 'מטרייה'],
  thanks: ['thank', 'thanks', 'great', 'compliment', 'спасибо', 'благодарность', 'отличный', 'תודה', 'מחמאה', 'מצוין'],
  job: ['job', 'career', 'vacancy', 'press', 'partnership', 'работа', 'вакансия', 'пресса', 'партнерство', 'משרה', 'עבודה', 'עיתונאי', 'שיתוף פעולה'],
  feature: ['feature', 'suggestion', 'idea', 'would be nice', 'предложение', 'идея', 'хотелось бы', 'הצעה', 'רעיון', 'יהיה נחמד'],
  earnings: ['earnings', 'payout', 'income', 'commission', 'withdraw', 'заработок', 'выплата', 'вывод', 'комиссия', 'הכנסות', 'תשלום לנהג', 'משיכה', 'עמלה'],
  bonus: ['bonus', 'incentive', 'бонус', 'премия', 'בונוס'],
  rating: ['rating', 'stars', 'рейтинг', 'звезды', 'דירוג', 'כוכבים'],
  navigation: ['navigation', 'navigator', 'gps', 'waze', 'навигатор', 'навигация', 'ניווט', 'וויז'],
  map: ['map', 'pin', 'location', 'address', 'pickup', 'карта местности', 'точка', 'адрес', 'геолокация', 'מפה', 'סיכה', 'מיקום', 'כתובת', 'איסוף'],
  meter: ['meter', 'taximeter', 'таксометр', 'מונה'],
  document: ['document', 'licence', 'license', 'insurance', 'документ', 'права водительские', 'лицензия', 'страховка', 'מסמך', 'מסמכים', 'רישיון', 'ביטוח'],
  airport: ['airport', 'аэропорт', 'שדה התעופה', 'נתב"ג'],
  promo: ['promo', 'coupon', 'discount', 'voucher', 'промокод', 'скидка', 'купон', 'קופון', 'הנחה', 'שובר'],
  history: ['history', 'past rides', 'история', 'היסטוריה'],
  notification: ['notification', 'push', 'уведомление', 'пуш', 'התראה', 'התראות'],
  schedule: ['schedule', 'scheduled', 'advance', 'предварительный', 'заранее', 'מתוזמנת', 'מראש'],
  accessibility: ['wheelchair', 'accessibility', 'blind', 'коляска', 'доступность', 'כיסא גלגלים', 'נגישות'],
  language: ['language', 'translation', 'язык', 'перевод', 'שפה', 'תרגום'],
  error: ['error', 'bug', 'glitch', 'broken', 'ошибка', 'баг', 'глюк', 'שגיאה', 'באג', 'תקלה'],
  accept: ['accept', 'accepted', 'take order', 'принять', 'принял', 'взять заказ', 'לקבל נסיעה', 'לאשר', 'אישרתי'],
  mypassenger: ['my passenger', 'the passenger', 'мой пассажир', 'пассажирка', 'הנוסע שלי', 'הנוסעת'],
  mydriver: ['my driver', 'the driver', 'мой водитель', 'водитель приехал', 'הנהג שלי', 'הנהג הגיע'],
  vehicle: ['car', 'vehicle', 'taxi', 'cab', 'машина', 'авто', 'автомобиль', 'такси', 'רכב', 'מכונית', 'אוטו', 'מונית'],
  screen: ['screen', 'button', 'page', 'экран', 'кнопка', 'страница', 'מסך', 'כפתור', 'עמוד'],
  email: ['email', 'mail', 'почта', 'письмо', 'מייל', 'אימייל', 'דוא"ל'],
  phone: ['phone number', 'number', 'номер', 'телефон', 'מספר', 'מספר טלפון'],
  late: ['late', 'delay', 'delayed', 'опоздал', 'задержка', 'опоздание', 'איחור', 'מאחר', 'איחר'],
  expensive: ['expensive', 'overpriced', 'dearer', 'дорого', 'дороже', 'יקר', 'יקרה', 'ביוקר'],
  cash: ['cash', 'наличные', 'наличными', 'מזומן'],
  fine: ['fine', 'penalty', 'fee', 'штраф', 'сбор', 'קנס', 'עמלה'],
  support: ['support', 'help', 'поддержка', 'помощь', 'תמיכה', 'עזרה', 'שירות לקוחות'],
  complaint: ['rude', 'smell', 'music', 'dirty', 'грубый', 'хамил', 'запах', 'музыка', 'грязно', 'גס', 'ריח', 'מוזיקה', 'מלוכלך'],
  childseat: ['child seat', 'booster', 'детское кресло', 'автокресло', 'כיסא בטיחות', 'בוסטר'],
  pet: ['dog', 'pet', 'cat', 'собака', 'животное', 'кошка', 'כלב', 'חיית מחמד', 'חתול'],
  delete: ['delete', 'remove', 'удалить', 'удаление', 'למחוק', 'מחיקה', 'להסיר'],
  change: ['change', 'edit', 'изменить', 'сменить', 'поменять', 'לשנות', 'שינוי', 'לערוך'],
  photo: ['photo', 'picture', 'фото', 'фотография', 'תמונה', 'צילום'],
  sync: ['sync', 'integration', 'api', 'sso', 'синхронизация', 'интеграция', 'סנכרון', 'אינטגרציה'],
  approve: ['approve', 'approval', 'согласование', 'одобрение', 'אישור', 'לאשר נסיעה'],
  invoiceperiod: ['monthly', 'month', 'quarter', 'ежемесячный', 'месяц', 'квартал', 'חודשי', 'חודש', 'רבעון'],
  outage: ['outage', 'down', 'everyone', 'nobody', 'сбой', 'у всех', 'никто', 'השבתה', 'כולם', 'אף אחד'],
};

/** Concept ids in lexicon order; a concept term names its concept by this index. */
export const CONCEPT_IDS: readonly string[] = Object.keys(CONCEPT_LEXICON);

/** Stem (or two stems joined by a space, for a two-word entry) → the concepts it belongs to. */
export interface ConceptIndex {
  byKey: ReadonlyMap<string, readonly number[]>;
  /** First stems of two-word entries: only after one of these is a word pair looked up. */
  pairStarts: ReadonlySet<string>;
}

let index: ConceptIndex | undefined;

/** The lexicon indexed by stem, built once. */
export function getConceptIndex(): ConceptIndex {
  if (index) return index;
  const built = new Map<string, number[]>();
  const pairStarts = new Set<string>();
  CONCEPT_IDS.forEach((id, concept) => {
    for (const entry of CONCEPT_LEXICON[id] ?? []) {
      const words = splitTokens(normalizeText(entry));
      // Longer entries are left out: concept terms look at one word and at pairs of neighbours.
      if (words.length === 0 || words.length > 2) continue;
      const stems = words.map(getStem);
      if (stems.length === 2) pairStarts.add(stems[0] as string);
      const key = stems.join(' ');
      const list = built.get(key) ?? [];
      if (!list.includes(concept)) list.push(concept);
      built.set(key, list);
    }
  });
  index = { byKey: built, pairStarts };
  return index;
}
