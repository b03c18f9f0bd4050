/**
 * `classification.yaml`: topics (keyword, regex and case-field rules), impact signals and the
 * priority rules, the trained model's threshold, and how rules and model combine.
 * The semantics live in src/domain/classification/ (rules.ts, priority.ts, classify-case.ts).
 */
import { z } from 'zod';
import { salesforceField } from './salesforce-field.js';

const fieldName = salesforceField('Customer_Tier__c');
const identifier = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case id such as driver_app or cannot-login');
const priority = z.enum(['P1', 'P2', 'P3', 'P4']);

/**
 * Keywords per language code (`en`, `ru`, `he`, …). A keyword is a word or phrase matched on whole
 * words after normalisation (case, niqqud, Hebrew final letters, ё, ß folded) and by stem (English
 * and Russian: "refunds" matches `refund`, "водителей" matches `водитель`); a trailing `*` makes
 * its last word a prefix of the written form (`водител*`). Hebrew words also match behind the
 * one-letter prefixes ו ה ב כ ל מ ש. Phrases allow words between (see `phraseMatching`). All
 * languages' keywords are tried on every case.
 */
const keywords = z.record(z.string().regex(/^[a-z]{2,3}$/, 'expected a language code such as en, ru, he'), z.array(z.string().min(1)).min(1));

/** One test on a case field; exactly one operator. Values compare case-insensitively. */
const fieldCondition = z
  .object({
    field: fieldName,
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    notIn: z.array(z.string()).min(1).optional(),
    isSet: z.boolean().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.notIn, c.isSet].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of equals, in, notIn, isSet',
  });

/**
 * What a text rule or signal looks for. It matches when (any keyword or any pattern hits, if any
 * are given) and (every field condition holds, if any are given).
 */
const matcherShape = {
  keywords: keywords.optional(),
  /** JavaScript regular expressions, matched case-insensitively on subject + description as written. */
  patterns: z.array(z.string().min(1)).min(1).optional(),
  fields: z.array(fieldCondition).min(1).optional(),
};
const hasCondition = (m: { keywords?: unknown; patterns?: unknown; fields?: unknown }): boolean => m.keywords !== undefined || m.patterns !== undefined || m.fields !== undefined;
const needsCondition = { message: 'give at least one of keywords, patterns, fields' };

const topicRule = z
  .object({
    id: identifier,
    ...matcherShape,
    /** Added to the topic's score when the rule matches (default 1). */
    weight: z.number().positive().default(1),
  })
  .strict()
  .refine(hasCondition, needsCondition);

const topic = z
  .object({
    id: identifier,
    description: z.string().optional(),
    /**
     * Higher wins when several topics' rules match, whatever their scores (default 0). Used so
     * that e.g. a safety incident is never filed under the app it happened in.
     */
    precedence: z.number().int().default(0),
    /** Rules that vote for this topic; a topic without rules is reached only by the model or as fallback. */
    rules: z.array(topicRule).default([]),
  })
  .strict();

/**
 * A learned cue: the signal fires when a model from `classify train` (trained on an impact column)
 * gives `label` at least `minConfidence`, so impact told in words no keyword list has still counts.
 * The file and its labels are checked when the model is read (classification-io/signal-models.ts).
 */
const signalModel = z
  .object({
    /** Model file, relative to the config directory. */
    file: z.string().min(1),
    /** One of the model's labels, e.g. `wide_outage`. */
    label: z.string().min(1),
    /** Minimum softmax confidence (0–1) of `label`; it need not be the model's top label. */
    minConfidence: z.number({ error: 'expected a number from 0 to 1' }).gt(0, 'expected a confidence above 0 (0 would fire on every case)').max(1, 'expected a confidence of at most 1'),
  })
  .strict();

/** A signal fires when its keywords or patterns hit, or its model is confident (and its fields hold). */
const signal = z
  .object({ id: identifier, description: z.string().optional(), ...matcherShape, model: signalModel.optional() })
  .strict()
  .refine((s) => hasCondition(s) || s.model !== undefined, { message: 'give at least one of keywords, patterns, fields, model' });

/**
 * How loosely a keyword phrase may appear: `maxWordsBetween` other words in all between its
 * words (default 3; 0 = next to each other), in the written order unless `anyOrder` (default
 * false). Never across a sentence end. One-word keywords are unaffected.
 */
const phraseMatching = z
  .object({
    maxWordsBetween: z
      .number({ error: 'expected a whole number of words, 0 to 10' })
      .int('expected a whole number of words, 0 to 10')
      .min(0, 'expected a whole number of words, 0 to 10 (0: the words next to each other)')
      .max(10, 'expected at most 10 words between: a wider window makes phrases match unrelated words')
      .default(3),
    anyOrder: z.boolean({ error: 'expected true or false' }).default(false),
  })
  .strict();

/** A priority rule; every condition given must hold (an absent condition matches anything). */
const priorityRule = z
  .object({
    id: identifier,
    /** The case's topic is one of these. */
    topics: z.array(identifier).min(1).optional(),
    /** The customer tier (value of `priority.tierField`) is one of these. */
    tiers: z.array(z.string().min(1)).min(1).optional(),
    /** At least one of these impact signals was found. */
    signals: z.array(identifier).min(1).optional(),
    /** Every one of these signals was found: weak cues that count only together ("everyone" and "can't"). */
    allSignals: z.array(identifier).min(1).optional(),
    fields: z.array(fieldCondition).min(1).optional(),
    priority,
  })
  .strict();

export const classificationFileSchema = z
  .object({
    /** Topic given when neither a rule nor a confident model decides (default `other`). */
    fallbackTopic: identifier.default('other'),
    /**
     * `rules-first` (default): a rule hit wins; else the model's topic if its confidence is at
     * least `model.minConfidence`; else the fallback. `model-first`: a confident model wins; else
     * a rule hit; else the fallback.
     */
    policy: z.enum(['rules-first', 'model-first']).default('rules-first'),
    /** How loosely the topics' keyword phrases may appear (see `phraseMatching` above). */
    phraseMatching: phraseMatching.default({ maxWordsBetween: 3, anyOrder: false }),
    model: z
      .object({
        /** Model file from `classify train`, relative to the config directory. Optional: rules alone work. */
        file: z.string().min(1).optional(),
        /** Minimum softmax confidence (0–1) for the model's topic to be used (default 0.6). */
        minConfidence: z.number().min(0).max(1).default(0.6),
        /** How many deciding terms the result names (default 5). */
        topTerms: z.number().int().min(0).max(50).default(5),
      })
      .strict()
      .default({ minConfidence: 0.6, topTerms: 5 }),
    /**
     * Retraining the model from the org (`classify train --from-salesforce`, and the scheduled job
     * when `enabled`): the shipped corpus plus the cases a person labelled, behind the quality gate.
     */
    retrain: z
      .object({
        /** Run the retrain job on `schedule` (default false: retrain by hand). */
        enabled: z.boolean().default(false),
        /** Cron expression, in UTC (default Sundays 03:00). */
        schedule: z.string().min(1).default('0 3 * * 0'),
        /** The job trains on cases changed in the last this many days (default 90). */
        sinceDays: z.number().int().min(1).max(3650).default(90),
        /** Case field holding the topic (default `Topic__c`). */
        labelField: fieldName.default('Topic__c'),
        /** The corpus directory (train.csv, heldout.csv), relative to the config directory (default ../corpus/ride-hailing). */
        corpusDir: z.string().min(1).default('../corpus/ride-hailing'),
      })
      .strict()
      .default({ enabled: false, schedule: '0 3 * * 0', sinceDays: 90, labelField: 'Topic__c', corpusDir: '../corpus/ride-hailing' }),
    topics: z.array(topic).min(1),
    priority: z
      .object({
        /** Priority when no rule matches (default P3). */
        default: priority.default('P3'),
        /**
         * The org's default Priority for new cases (default P3). A case that has another priority
         * casebridge did not set was chosen by a person, and is kept.
         */
        orgDefault: priority.default('P3'),
        /** Case field holding the customer tier (default `Customer_Tier__c`). */
        tierField: fieldName.default('Customer_Tier__c'),
        /** Picklist values of the tier field; rules may only name these. */
        tiers: z.array(z.string().min(1)).min(1),
        /** Impact signals looked for in the text and fields of every case. */
        signals: z.array(signal).default([]),
        /**
         * How loosely the signals' phrases may appear (default: the topics' `phraseMatching`). A
         * signal can make a case P1, so a tighter window keeps it from firing on unrelated words.
         */
        phraseMatching: phraseMatching.optional(),
        /** Tried in order; the first rule that matches sets the priority (explicit precedence). */
        rules: z.array(priorityRule).default([]),
      })
      .strict(),
  })
  .strict();

export type ClassificationConfig = z.infer<typeof classificationFileSchema>;
