/**
 * The engine context the runtime builds carries both shipped models: the topic model and the
 * models the impact signals name, read from the config directory (so the sync's classification
 * gives the learned outage signal a say, not only the CLI).
 */
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/index.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { createLogger } from '../../../src/logging.js';
import { buildEngineContext } from '../../../src/runtime/engine-runtime.js';
import type { ConnectedSystems } from '../../../src/runtime/systems.js';

describe('engine context: classification models', () => {
  it('reads the topic model and the impact model named by the example config', () => {
    const loaded = loadConfig({ configDir: 'config', env: { LOG_LEVEL: 'silent' }, deferProductionChecks: true });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    const { config } = loaded;
    const systems = { cases: {}, issues: {}, config } as unknown as ConnectedSystems;
    const context = buildEngineContext(config, { knex: undefined } as unknown as Database, systems, createLogger({ level: 'silent' }));
    assert.ok(context.classification?.model, 'the topic model is loaded');
    assert.deepEqual(context.classification?.signalModels?.get('models/impact.json')?.labels, ['none', 'safety_injury', 'safety_threat', 'wide_outage']);
  });
});
