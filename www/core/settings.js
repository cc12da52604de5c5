// The run settings as Rust describes them (src/experiment/settings.rs, exported by the wasm module
// as configSchema() and written to pkg/config-schema.js at build time): their names, labels, help,
// defaults, ranges, choices and per-model defaults. The page's State, URL whitelist, controls and
// model names derive from here. Pure (no DOM): tests/web/state.test.mjs builds from a changed schema.
import SCHEMA from '../pkg/config-schema.js';

export { SCHEMA };

/**
 * What a schema says, in the shapes the page uses: `fields` (the URL whitelist's spec per name),
 * `defaults`, `modelDefaults` (the settings whose default depends on the model), `byName` (the
 * schema entries) and `names` (in the schema's order).
 */
export function describeSettings(schema) {
  const fields = {};
  const defaults = {};
  const byName = {};
  for (const setting of schema.settings) {
    byName[setting.name] = setting;
    defaults[setting.name] = setting.default;
    fields[setting.name] = fieldSpec(setting);
  }
  return Object.freeze({ fields, defaults, modelDefaults: schema.modelDefaults ?? {}, byName, names: Object.keys(byName) });
}

function fieldSpec(setting) {
  switch (setting.kind) {
    case 'choice':
      return { kind: 'enum', values: setting.choices.map((c) => c.value) };
    case 'bool':
      return { kind: 'bool' };
    case 'int':
    case 'float':
      return { kind: setting.kind, min: setting.min, max: setting.max };
    default:
      throw new Error(`setting ${setting.name}: unknown kind ${setting.kind}`);
  }
}

/** The settings of the built wasm module. */
export const SETTINGS = describeSettings(SCHEMA);

/** `{ value: label }` of a choice setting, e.g. the models' display names. */
export function choiceLabels(name, settings = SETTINGS) {
  return Object.fromEntries(settings.byName[name].choices.map((c) => [c.value, c.label]));
}

/** Display names of the models, by the `model` config value. */
export const MODEL_NAMES = Object.freeze(choiceLabels('model'));
