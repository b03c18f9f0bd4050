/**
 * The example config/classification.yaml on ride-hailing cases as people write them: inflected,
 * with words between a phrase's words, in English, Russian and Hebrew. Texts written for this test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readSignalModels } from '../../../src/classification-io/signal-models.js';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import type { ClassificationResult } from '../../../src/domain/classification/classify-case.js';

const file = fileURLToPath(new URL('../../../config/classification.yaml', import.meta.url));
const config = classificationFileSchema.parse(parse(readFileSync(file, 'utf8')));

function classify(subject: string, description: string, tier = 'Private'): ClassificationResult {
  return classifyCase({ subject, description, fields: { Customer_Tier__c: tier } }, config);
}

function priorityReason(result: ClassificationResult): string {
  return result.reasons.find((r) => r.kind === 'priority-rule')?.text ?? '(default)';
}

describe('example classification config: morphology and phrases', () => {
  it('finds the topic through inflections and words between a phrase', () => {
    assert.equal(classify('Списали деньги дважды', 'Поездка вчера вечером, с карты списали деньги дважды.').topic, 'payments_billing');
    assert.equal(classify('Refunds', 'Still waiting for the refunds for both cancelled rides').topic, 'payments_billing');
    assert.equal(classify('Не приходит код', 'Уже час не приходит мне код подтверждения по смс').topic, 'account_access');
    assert.equal(classify('', 'הנהג נהג בצורה מסוכנת, ממש נהיגה מאוד מסוכנת בכביש 1').topic, 'safety_incident');
  });
});

describe('example classification config: impact-aware priority', () => {
  it('a wide outage is P1 for a private rider too, naming the signal that fired', () => {
    // "all drivers" alone is a weak cue (group); with "cannot" (failure) it is an outage (issue 14).
    const london = classify('Urgent', 'ALL drivers in London cannot accept orders since 9am');
    assert.equal(london.priority, 'P1');
    assert.ok(london.signals.includes('group') && london.signals.includes('failure'), JSON.stringify(london.signals));
    assert.match(priorityReason(london), /group-failing .*gives P1: signals group, failure fired/);
    const waiting = classify('Airport', 'The app sends me to pickup point B but all drivers wait at A');
    assert.deepEqual([waiting.priority === 'P1', waiting.signals.includes('group'), waiting.signals.includes('failure')], [false, true, false]);

    const moscow = classify('Ничего не работает', 'Во всём городе не могу вызвать такси, приложение пишет ошибку');
    assert.equal(moscow.priority, 'P1');
    assert.ok(moscow.signals.includes('outage') && moscow.signals.includes('area_wide'), JSON.stringify(moscow.signals));
    assert.match(priorityReason(moscow), /signals outage, area_wide fired/);

    const haifa = classify('', 'אף נהג לא מקבל נסיעות בחיפה כבר שעה');
    assert.deepEqual([haifa.priority, haifa.signals.includes('group'), haifa.signals.includes('failure')], ['P1', true, true]);
  });

  it('many affected said indirectly (friends in other districts, nobody, the same elsewhere) is a wide outage in each language', () => {
    const leeds = classify('No cars', 'No cars at all tonight; my friends in Headingley and Chapel Allerton say the same');
    assert.deepEqual([leeds.priority, leeds.signals.includes('many_affected')], ['P1', true]);
    const kazan = classify('Не вызвать машину', 'Ни у кого из коллег в Казани не получается заказать машину с утра');
    assert.deepEqual([kazan.priority, kazan.signals.includes('many_affected')], ['P1', true]);
    const nazareth = classify('', 'האפליקציה לא נפתחת לאף אחד במשפחה שלנו בנצרת מהבוקר');
    assert.deepEqual([nazareth.priority, nazareth.signals.includes('group'), nazareth.signals.includes('failure')], ['P1', true, true]);
    assert.match(priorityReason(nazareth), /group-failing .*signals group, failure fired/);
  });

  it('whole groups and several places named with a number are many affected; a question about the whole company is not', () => {
    const offices = classify('Portal down', 'Staff in five cities cannot book on the company account since 8am');
    assert.deepEqual([offices.priority, offices.signals.includes('many_affected')], ['P1', true]);
    const chat = classify('Линия', 'В водительском чате пишут, что с утра никого не пускает на линию');
    assert.deepEqual([chat.priority, chat.signals.includes('many_affected')], ['P1', true]);
    const portal = classify('פורטל', 'הפורטל העסקי לא זמין לכל החברה מהבוקר');
    assert.deepEqual([portal.priority, portal.signals.includes('many_affected')], ['P1', true]);
    const budget = classify('תקציב', 'אפשר להגדיר תקציב אחד לכל החברה במקום תקציב לכל מחלקה?', 'Corporate');
    assert.deepEqual([budget.priority === 'P1', budget.signals.includes('many_affected')], [false, false]);
  });

  it('threats and injuries told without the words of a police report still raise their signal', () => {
    for (const text of [
      'Four drunk passengers said they would beat me up if I called anyone',
      'Сказал, что знает, где я живу, и что ещё увидимся',
      'הוא נעל את הדלתות ולא נתן לי לצאת',
      'He kept his hand on my knee the whole ride',
    ]) {
      const result = classify('', text);
      assert.deepEqual([result.priority, result.signals.includes('threat')], ['P1', true], text);
    }
    for (const text of ['I fell getting out and needed stitches on my knee', 'После резкого торможения хлыстовая травма шеи', 'נכוויתי מחימום המושב']) {
      const result = classify('', text);
      assert.deepEqual([result.priority, result.signals.includes('injury')], ['P1', true], text);
    }
    assert.equal(classify('Order sound', 'The order alert is so loud it scares my passengers').signals.includes('threat'), false);
  });

  it('a coupon that is not valid ("לא תקף") is no threat', () => {
    const coupon = classify('קופון', 'הקוד שקיבלתי במייל כתוב שהוא לא תקף');
    assert.equal(coupon.signals.includes('threat'), false);
    assert.notEqual(coupon.priority, 'P1');
  });

  it("one rider's glitch is not an outage", () => {
    const glitch = classify('Сбой оплаты', 'У меня сбой при оплате картой, попробовал два раза');
    assert.deepEqual(
      glitch.signals.filter((s) => ['outage', 'many_affected', 'area_wide'].includes(s)),
      [],
    );
    assert.notEqual(glitch.priority, 'P1');
  });

  it('injury or threat is P1 whatever the topic, and says which', () => {
    const hurt = classify('Brakes', 'The driver braked hard and I hurt my wrist on the door handle');
    assert.equal(hurt.priority, 'P1');
    assert.match(priorityReason(hurt), /injury-or-threat .*signal injury fired/);

    const threatened = classify('Водитель', 'Водитель угрожал мне, когда я попросила выключить музыку');
    assert.deepEqual([threatened.priority, threatened.signals.includes('threat')], ['P1', true]);

    const hospital = classify('', 'אחרי הנסיעה הגעתי לבית חולים עם חבלה בראש');
    assert.deepEqual([hospital.priority, hospital.signals.includes('injury')], ['P1', true]);
  });

  it('a counted crowd is a group: with a failure word it is P1, without one it is not', () => {
    for (const text of [
      'There must be 60 people in the queue and the app just keeps spinning',
      'Нас человек двадцать на отстойнике, лента заказов пустая',
      'אנחנו בערך עשרים נהגים בחניון והפיד ריק',
    ]) {
      const crowd = classify('', text);
      assert.deepEqual([crowd.priority, crowd.signals.includes('group'), crowd.signals.includes('failure')], ['P1', true, true], text);
    }
    const invite = classify('New starters', 'We need to add 40 employees to the portal next month', 'Corporate');
    assert.deepEqual([invite.priority === 'P1', invite.signals.includes('group'), invite.signals.includes('failure')], [false, true, false]);
  });

  it('a crowd counted in words or a whole shift, with "never arrived" or "stopped", is P1; one person saying so is not', () => {
    for (const text of [
      'About thirty people in our street group say the refunds they were promised never arrived',
      'Все терминалы на стойке перестали печатать чеки после обеда',
      'Выплаты за вторник так и не пришли, нас сотни',
      'כל המשמרת רואה שהמסכים הפסיקו להתעדכן',
      'בערך ארבעים איש בקבוצה כותבים שההחזרים לא הגיעו',
    ]) {
      const crowd = classify('', text);
      assert.deepEqual([crowd.priority, crowd.signals.includes('group'), crowd.signals.includes('failure')], ['P1', true, true], text);
    }
    for (const text of ['My refund never arrived', 'The driver stopped updating his location, so I waited at the wrong corner', 'Мой возврат так и не пришёл', 'הנהג הפסיק לענות לי']) {
      const one = classify('', text);
      assert.deepEqual([one.priority === 'P1', one.signals.includes('failure'), one.signals.includes('group')], [false, true, false], text);
    }
  });

  it('two different cities in one sentence are a group: with a failure word P1; one city named twice is not', () => {
    for (const text of [
      'Our drivers in Leeds and the office in York say the app is stuck on loading',
      'Операторы в Самаре и диспетчеры в Уфе говорят, что панель висит',
      'הנציגים בחיפה והצוות בנתניה אומרים שהמערכת תקועה',
    ]) {
      const twoCities = classify('', text);
      assert.deepEqual([twoCities.priority, twoCities.signals.includes('group'), twoCities.signals.includes('failure')], ['P1', true, true], text);
    }
    const oneCity = classify('', 'After midnight in Leeds there are zero cars, and I live in Leeds');
    assert.deepEqual([oneCity.priority === 'P1', oneCity.signals.includes('group')], [false, false]);
  });

  it('half a city named is area-wide in each language', () => {
    for (const text of ['Half the town cannot get a car tonight', 'Полгорода без машин с самого утра', 'חצי העיר לא מוצאת מונית הערב']) {
      const area = classify('', text);
      assert.deepEqual([area.priority, area.signals.includes('area_wide')], ['P1', true], text);
    }
  });

  it('a hospital named as a destination is no injury; with a fall or a blow it is', () => {
    const appointment = classify('Hospital appointment', 'I need a ride to the hospital for a scan every week, is there a discount?');
    assert.deepEqual([appointment.priority === 'P1', appointment.signals.includes('care'), appointment.signals.includes('injury')], [false, true, false]);
    const fall = classify('', 'Я упала, выходя из машины, и поехала в больницу');
    assert.deepEqual([fall.priority, fall.signals.includes('care'), fall.signals.includes('harm')], ['P1', true, true]);
    assert.match(priorityReason(fall), /hurt-and-treated .*signals care, harm fired/);
  });

  it("an ordinary question stays at the tier's priority", () => {
    assert.equal(classify('Promo code', 'How do I use a promo code on my next ride?', 'Corporate').priority, 'P3');
    assert.equal(classify('Promo code', 'How do I use a promo code on my next ride?', 'VIP').priority, 'P2');
  });
});

describe('example classification config: the learned outage signal', () => {
  const models = readSignalModels(fileURLToPath(new URL('../../../config', import.meta.url)), config);

  it('gives P1 to an outage no keyword signal catches, through the shipped impact model', () => {
    const text = 'Grey screen for me and for the other lads at the Heathrow feeder park since six, nobody gets a job';
    const withoutModel = classify('', text);
    assert.notEqual(withoutModel.priority, 'P1', 'the keyword signals alone should miss this one');
    const withModel = classifyCase({ subject: '', description: text, fields: { Customer_Tier__c: 'Private' } }, config, undefined, models);
    assert.equal(withModel.priority, 'P1');
    assert.ok(withModel.signals.includes('outage_learned'), JSON.stringify(withModel.signals));
    assert.match(priorityReason(withModel), /wide-outage .*gives P1: signal outage_learned fired/);
  });

  it("leaves one rider's late driver alone", () => {
    const result = classifyCase(
      { subject: 'Late', description: 'My driver was twenty minutes late this morning and I missed my train', fields: { Customer_Tier__c: 'Private' } },
      config,
      undefined,
      models,
    );
    assert.ok(!result.signals.includes('outage_learned'), JSON.stringify(result.reasons));
    assert.notEqual(result.priority, 'P1');
  });
});
