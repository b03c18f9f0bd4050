/**
 * Subjects and descriptions of seeded support cases for a ride-hailing company, per topic and
 * language (English, Russian, Hebrew). `{ride}`, `{amount}` and `{city}` are filled in by the seed.
 */
import type { TOPICS, LANGUAGES } from '../salesforce/sobject-defs.js';

/** A topic of the example config. */
export type Topic = (typeof TOPICS)[number];
/** A case language. */
export type Language = (typeof LANGUAGES)[number];

/** One case text: a subject line and a description. */
export interface CaseText {
  subject: string;
  description: string;
}

export const CASE_TEXTS: Record<Topic, Record<Language, CaseText[]>> = {
  driver_app: {
    en: [
      {
        subject: 'Driver app freezes when accepting an order',
        description: 'Since the last update the driver app freezes for ~20 seconds after I tap Accept in {city}. I lost two orders today. Android 14, app version 8.12.',
      },
      {
        subject: 'Cannot go online: "documents expired" but they are valid',
        description: 'My licence was renewed last week and approved, but the app still says documents expired and will not let me go online.',
      },
    ],
    ru: [
      {
        subject: 'Приложение водителя зависает при принятии заказа',
        description: 'После обновления приложение зависает секунд на 20 после нажатия «Принять». Сегодня потерял два заказа в городе {city}.',
      },
      { subject: 'Не могу выйти на линию: «документы просрочены»', description: 'Права продлил на прошлой неделе, проверку прошёл, но приложение всё равно пишет, что документы просрочены.' },
    ],
    he: [
      { subject: 'אפליקציית הנהג נתקעת בקבלת הזמנה', description: 'מאז העדכון האחרון האפליקציה נתקעת כ-20 שניות אחרי לחיצה על "קבל" ב{city}. הפסדתי היום שתי נסיעות.' },
      { subject: 'לא מצליח להתחבר: "המסמכים פגי תוקף"', description: 'הרישיון חודש בשבוע שעבר ואושר, אבל האפליקציה עדיין חוסמת אותי מלעבוד.' },
    ],
  },
  rider_app: {
    en: [
      {
        subject: 'App shows my driver on the wrong side of the street',
        description: 'The map pin was across the road from where the car actually stopped, in {city}. The driver cancelled and I was charged a no-show fee for ride {ride}.',
      },
      { subject: 'Cannot log in after changing phone', description: 'New phone, same number, the SMS code never arrives. I need the app for work trips.' },
    ],
    ru: [
      {
        subject: 'Приложение показывает машину не на той стороне улицы',
        description: 'Метка на карте была через дорогу от реальной машины. Водитель отменил поездку {ride}, а с меня списали штраф за неявку.',
      },
      { subject: 'Не приходит SMS-код после смены телефона', description: 'Новый телефон, номер тот же, код не приходит уже час.' },
    ],
    he: [
      { subject: 'האפליקציה מציגה את הנהג בצד הלא נכון של הרחוב', description: 'הסמן במפה היה מעבר לכביש. הנהג ביטל את נסיעה {ride} וחויבתי בדמי אי-הגעה.' },
      { subject: 'לא מקבל קוד SMS אחרי החלפת טלפון', description: 'טלפון חדש, אותו מספר, והקוד לא מגיע כבר שעה.' },
    ],
  },
  payments_billing: {
    en: [
      { subject: 'Charged twice for ride {ride}', description: 'My card was charged {amount} twice for the same ride. Please refund the duplicate.' },
      { subject: 'Refund for cancelled ride not received', description: 'The ride was cancelled by the driver 10 days ago and the {amount} refund has still not arrived.' },
    ],
    ru: [
      { subject: 'Двойное списание за поездку {ride}', description: 'С карты дважды списали {amount} за одну поездку. Прошу вернуть лишнее списание.' },
      { subject: 'Не вернули деньги за отменённую поездку', description: 'Водитель отменил поездку 10 дней назад, возврат {amount} так и не пришёл.' },
    ],
    he: [
      { subject: 'חויבתי פעמיים על נסיעה {ride}', description: 'הכרטיס חויב פעמיים ב-{amount} על אותה נסיעה. אבקש החזר על החיוב הכפול.' },
      { subject: 'לא התקבל החזר על נסיעה שבוטלה', description: 'הנהג ביטל לפני 10 ימים וההחזר של {amount} עדיין לא הגיע.' },
    ],
  },
  corporate_portal: {
    en: [
      { subject: 'Monthly invoice missing cost centres', description: 'The corporate portal export for last month has empty cost centre columns for 40% of rides. Finance cannot close the month.' },
      { subject: 'New employees cannot be added to the company account', description: 'Bulk upload of 25 employees fails with "unexpected error" in the portal.' },
    ],
    ru: [
      { subject: 'В ежемесячном счёте нет центров затрат', description: 'В выгрузке корпоративного портала за прошлый месяц пустые центры затрат у 40% поездок. Бухгалтерия не может закрыть месяц.' },
      { subject: 'Не удаётся добавить сотрудников в корпоративный аккаунт', description: 'Массовая загрузка 25 сотрудников падает с ошибкой «unexpected error».' },
    ],
    he: [
      { subject: 'בחשבונית החודשית חסרים מרכזי עלות', description: 'בייצוא מהפורטל העסקי לחודש שעבר עמודת מרכז העלות ריקה ב-40% מהנסיעות. הכספים לא יכולים לסגור חודש.' },
      { subject: 'לא ניתן להוסיף עובדים חדשים לחשבון החברה', description: 'העלאה מרוכזת של 25 עובדים נכשלת עם "unexpected error".' },
    ],
  },
  dispatch_pricing: {
    en: [
      { subject: 'Surge price shown 3x at 4 am with no demand', description: 'Quoted {amount} for a 10-minute ride in {city} at 04:10, the usual price is a third of that.' },
      { subject: 'Driver sent 12 km away while cars were nearby', description: 'Dispatch assigned a driver 25 minutes away although three cars were visible on the map.' },
    ],
    ru: [
      { subject: 'Повышающий коэффициент x3 в 4 утра', description: 'В 04:10 в городе {city} за 10-минутную поездку показали {amount}, обычно в три раза дешевле.' },
      { subject: 'Назначили водителя за 12 км, хотя рядом были машины', description: 'Диспетчеризация назначила водителя в 25 минутах, хотя на карте было три машины рядом.' },
    ],
    he: [
      { subject: 'תמחור דינמי פי 3 בארבע לפנות בוקר', description: 'ב-04:10 ב{city} הוצע מחיר של {amount} לנסיעה של 10 דקות, בדרך כלל שליש מזה.' },
      { subject: 'נשלח נהג מרחק 12 ק"מ למרות שהיו רכבים קרובים', description: 'המערכת שיבצה נהג במרחק 25 דקות, על המפה היו שלושה רכבים קרובים.' },
    ],
  },
  account_access: {
    en: [
      { subject: 'Account locked after password reset', description: 'I reset my password and now the account says "locked for security reasons". I have a flight to catch.' },
      { subject: 'Two-factor codes go to an old email', description: 'Verification codes are sent to an address I no longer have access to.' },
    ],
    ru: [
      { subject: 'Аккаунт заблокирован после сброса пароля', description: 'Сбросил пароль, и теперь аккаунт «заблокирован по соображениям безопасности».' },
      { subject: 'Коды подтверждения приходят на старую почту', description: 'Коды отправляются на адрес, к которому у меня больше нет доступа.' },
    ],
    he: [
      { subject: 'החשבון ננעל אחרי איפוס סיסמה', description: 'איפסתי סיסמה ועכשיו כתוב שהחשבון "נעול מטעמי אבטחה". יש לי טיסה.' },
      { subject: 'קודי אימות נשלחים למייל ישן', description: 'הקודים נשלחים לכתובת שאין לי אליה גישה יותר.' },
    ],
  },
  safety_incident: {
    en: [
      { subject: 'Driver was driving dangerously and using phone', description: 'During ride {ride} in {city} the driver was speeding and texting. I felt unsafe and asked to stop early.' },
      { subject: 'Minor collision during trip, need incident report', description: 'The car was hit from behind at a junction. Nobody injured, I need an incident report for insurance.' },
    ],
    ru: [
      { subject: 'Водитель ехал опасно и пользовался телефоном', description: 'Во время поездки {ride} водитель превышал скорость и переписывался в телефоне. Я попросил остановиться раньше.' },
      { subject: 'Небольшое ДТП во время поездки', description: 'В машину въехали сзади на перекрёстке. Никто не пострадал, нужен акт для страховой.' },
    ],
    he: [
      { subject: 'הנהג נהג בפראות והשתמש בטלפון', description: 'במהלך נסיעה {ride} ב{city} הנהג נסע במהירות ושלח הודעות. לא הרגשתי בטוח.' },
      { subject: 'תאונה קלה במהלך הנסיעה', description: 'פגעו ברכב מאחור בצומת. אין נפגעים, צריך דו"ח אירוע לביטוח.' },
    ],
  },
  internal_tools: {
    en: [
      { subject: 'Support console cannot load ride history', description: 'Agent console times out when opening ride history for customers with more than 500 rides.' },
      { subject: 'Refund tool rejects amounts with decimals', description: 'The refund tool says "invalid amount" for {amount}; whole numbers work.' },
    ],
    ru: [
      { subject: 'Консоль поддержки не загружает историю поездок', description: 'Консоль агента падает по таймауту на клиентах с более чем 500 поездками.' },
      { subject: 'Инструмент возвратов не принимает копейки', description: 'Для суммы {amount} пишет «неверная сумма», целые суммы проходят.' },
    ],
    he: [
      { subject: 'קונסולת התמיכה לא טוענת היסטוריית נסיעות', description: 'הקונסולה נופלת על timeout אצל לקוחות עם יותר מ-500 נסיעות.' },
      { subject: 'כלי ההחזרים לא מקבל סכומים עם אגורות', description: 'עבור {amount} מתקבל "סכום לא תקין", סכומים שלמים עובדים.' },
    ],
  },
  other: {
    en: [
      { subject: 'Lost item: black backpack left in the car', description: 'I left a black backpack with a laptop in the back seat after ride {ride}.' },
      { subject: 'Suggestion: allow choosing a quiet ride', description: 'It would be great to have a "quiet ride" preference for early morning trips.' },
    ],
    ru: [
      { subject: 'Забыл рюкзак в машине', description: 'Оставил чёрный рюкзак с ноутбуком на заднем сиденье после поездки {ride}.' },
      { subject: 'Предложение: опция «тихая поездка»', description: 'Было бы удобно выбирать поездку без разговоров рано утром.' },
    ],
    he: [
      { subject: 'אבדה: תיק גב שחור נשכח ברכב', description: 'שכחתי תיק גב שחור עם מחשב נייד במושב האחורי אחרי נסיעה {ride}.' },
      { subject: 'הצעה: אפשרות לנסיעה שקטה', description: 'יהיה נחמד לבחור העדפה לנסיעה שקטה בבוקר מוקדם.' },
    ],
  },
};

/** Cities per region, for placeholders. */
export const CITIES: Record<'IL' | 'GB' | 'RU', Record<Language, string[]>> = {
  IL: { en: ['Tel Aviv', 'Haifa', 'Jerusalem'], ru: ['Тель-Авив', 'Хайфа', 'Иерусалим'], he: ['תל אביב', 'חיפה', 'ירושלים'] },
  GB: { en: ['London', 'Manchester', 'Birmingham'], ru: ['Лондон', 'Манчестер', 'Бирмингем'], he: ['לונדון', "מנצ'סטר", 'בירמינגהם'] },
  RU: { en: ['Moscow', 'Saint Petersburg', 'Kazan'], ru: ['Москва', 'Санкт-Петербург', 'Казань'], he: ['מוסקבה', 'סנקט פטרבורג', 'קאזאן'] },
};

/** Currency formats per region. */
export const CURRENCIES: Record<'IL' | 'GB' | 'RU', (amount: number) => string> = {
  IL: (amount) => `₪${amount.toFixed(2)}`,
  GB: (amount) => `£${amount.toFixed(2)}`,
  RU: (amount) => `${(amount * 25).toFixed(0)} ₽`,
};
