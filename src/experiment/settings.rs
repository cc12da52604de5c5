//! Every setting of a run, described once: its name on the wire (camelCase: the config
//! object, the page's State field and URL key), its label, help text and range or choices.
//!
//! The defaults are [`ExperimentConfig::default`] (and [`ExperimentConfig::for_model`] for
//! the per-model learning rate); the ranges here are what [`ExperimentConfig::validate`]
//! checks. [`schema`] joins both into the description the wasm module exports
//! (`configSchema()`, written to `pkg/config-schema.js` at build time): the page builds
//! its State, URL whitelist, controls and tooltips from it, and the CLI its help.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{ExperimentConfig, PixelCorruption};
use crate::model::ModelKind;

/// What values a setting takes.
#[derive(Clone, Copy, Debug)]
pub enum Domain {
    /// On or off.
    Bool,
    /// A whole number in `min..=max`.
    Int {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: u64,
    },
    /// A number in `min..=max`.
    Float {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// One of a list of named values (the model, the pixel corruption).
    Choice(fn() -> Vec<Choice>),
}

/// One value of a [`Domain::Choice`] setting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    /// The value on the wire, e.g. `"inception"`.
    pub value: String,
    /// Its name for people, e.g. `"Inception-style (small)"`.
    pub label: &'static str,
}

/// One setting of a run.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Name on the wire and in the page's URL, camelCase.
    pub name: &'static str,
    /// Short name for people.
    pub label: &'static str,
    /// One or two sentences: what it does (tooltips, `--help`).
    pub help: &'static str,
    /// Values it takes.
    pub domain: Domain,
}

/// Every setting, in the order the page and `--help` list them. The ranges are the page's
/// (what its controls offer), and [`ExperimentConfig::validate`] refuses anything outside
/// them everywhere.
pub const SETTINGS: [Setting; 12] = [
    Setting {
        name: "model",
        label: "Model",
        help: "The paper's models, scaled down to the small images: two multilayer \
               perceptrons, a small CNN, and small AlexNet- and Inception-style CNNs (the \
               paper's appendix A).",
        domain: Domain::Choice(model_choices),
    },
    Setting {
        name: "labelCorruption",
        label: "Label corruption p",
        help: "Each training label is replaced by a uniformly random class with probability \
               p; p = 1 is \"random labels\". Test labels stay true.",
        domain: Domain::Float { min: 0.0, max: 1.0 },
    },
    Setting {
        name: "pixels",
        label: "Images",
        help: "What the network sees, in training and test images: shuffled pixels use one \
               permutation for every image, random pixels a new permutation per image, \
               Gaussian noise has the data's channel means and variances.",
        domain: Domain::Choice(pixel_choices),
    },
    Setting {
        name: "dropout",
        label: "Dropout",
        help: "Probability of zeroing a unit of a hidden dense layer at every training step \
               (the MLPs, the small CNN and the AlexNet-style model); 0 is off.",
        domain: Domain::Float { min: 0.0, max: 0.9 },
    },
    Setting {
        name: "batchNorm",
        label: "Batch norm",
        help: "Batch normalization in the Inception-style model; off is the paper's \
               \"Inception w/o BatchNorm\" row.",
        domain: Domain::Bool,
    },
    Setting {
        name: "batchSize",
        label: "Batch size",
        help: "Images per SGD step (the paper: 128).",
        domain: Domain::Int { min: 1, max: 1024 },
    },
    Setting {
        name: "learningRate",
        label: "Learning rate",
        help: "Initial SGD learning rate; the default is the paper's for the model (0.01, \
               0.1 for Inception).",
        domain: Domain::Float {
            min: 1e-5,
            max: 1.0,
        },
    },
    Setting {
        name: "lrDecay",
        label: "Learning-rate decay",
        help: "Factor applied to the learning rate after every 50,000 images seen (the \
               paper's epoch).",
        domain: Domain::Float { min: 0.5, max: 1.0 },
    },
    Setting {
        name: "momentum",
        label: "Momentum",
        help: "SGD momentum.",
        domain: Domain::Float {
            min: 0.0,
            max: 0.99,
        },
    },
    Setting {
        name: "weightDecay",
        label: "Weight decay",
        help: "L2 penalty coefficient added to every gradient; 0 is off (the paper's \
               randomization runs), 0.0005 a typical value.",
        domain: Domain::Float { min: 0.0, max: 0.1 },
    },
    Setting {
        name: "augment",
        label: "Augment: random crop + flip",
        help: "Every training batch is randomly cropped (after zero padding) and flipped left \
               to right, so the network rarely sees the same image twice.",
        domain: Domain::Bool,
    },
    Setting {
        name: "seed",
        label: "Seed",
        help: "Seed of the randomizations, the initial weights and the mini-batches.",
        // 2^32 - 1: every value is exact in a JavaScript number and in a URL.
        domain: Domain::Int {
            min: 0,
            max: 4_294_967_295,
        },
    },
];

fn model_choices() -> Vec<Choice> {
    ModelKind::ALL
        .iter()
        .map(|&kind| choice(kind, kind.label()))
        .collect()
}

fn pixel_choices() -> Vec<Choice> {
    PixelCorruption::ALL
        .iter()
        .map(|&pixels| choice(pixels, pixels.label()))
        .collect()
}

/// A choice whose wire value is the enum's serde name.
fn choice<T: Serialize>(value: T, label: &'static str) -> Choice {
    let value = match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        other => panic!("a choice enum serializes to a string, not {other:?}"),
    };
    Choice { value, label }
}

/// The setting called `name`; panics on a name that is not in [`SETTINGS`] (a typo in the
/// crate, never user input).
pub fn setting(name: &str) -> &'static Setting {
    SETTINGS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no setting named {name:?}"))
}

/// The help text of setting `name` (the CLI's flag help).
pub fn help(name: &str) -> &'static str {
    setting(name).help
}

/// Refuses a config object with a key that is not a setting, naming the key and the known
/// ones (a misspelt key must not silently become a default).
pub fn check_keys(object: &Map<String, Value>) -> Result<(), String> {
    for key in object.keys() {
        if !SETTINGS.iter().any(|s| s.name == key) {
            let known: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
            return Err(format!(
                "unknown setting {key:?} (the settings are {})",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// Checks every setting's value in a complete config object, saying which and why.
pub fn check_object(object: &Map<String, Value>) -> Result<(), String> {
    SETTINGS
        .iter()
        .try_for_each(|setting| check_value(setting, &object[setting.name]))
}

/// Checks that `value` (the setting's value on the wire) is in the setting's domain.
pub fn check_value(setting: &Setting, value: &Value) -> Result<(), String> {
    let name = setting.label.to_lowercase();
    let number = value.as_f64();
    match setting.domain {
        Domain::Bool if value.is_boolean() => Ok(()),
        Domain::Int { min, max } => match value.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(format!(
                "{name} must be a whole number in [{min}, {max}], not {value}"
            )),
        },
        Domain::Float { min, max } => match number {
            Some(x) if x.is_finite() && (min..=max).contains(&x) => Ok(()),
            _ => Err(format!(
                "{name} must be a number in [{min}, {max}], not {value}"
            )),
        },
        Domain::Choice(choices) if choices().iter().any(|c| value == c.value.as_str()) => Ok(()),
        _ => Err(format!("{name} cannot be {value}")),
    }
}

/// The schema the page builds itself from: every setting with its default, the settings
/// whose default depends on the model, and Figure 1a's variants.
pub fn schema() -> Value {
    let defaults = config_object(&ExperimentConfig::default());
    let settings: Vec<Value> = SETTINGS
        .iter()
        .map(|s| {
            let mut entry = Map::new();
            entry.insert("name".into(), s.name.into());
            entry.insert("label".into(), s.label.into());
            entry.insert("help".into(), s.help.into());
            entry.insert("default".into(), defaults[s.name].clone());
            let (kind, extra) = match s.domain {
                Domain::Bool => ("bool", vec![]),
                Domain::Int { min, max } => ("int", vec![("min", min.into()), ("max", max.into())]),
                Domain::Float { min, max } => {
                    ("float", vec![("min", min.into()), ("max", max.into())])
                }
                Domain::Choice(choices) => {
                    let choices = serde_json::to_value(choices()).expect("choices serialize");
                    ("choice", vec![("choices", choices)])
                }
            };
            entry.insert("kind".into(), kind.into());
            for (key, value) in extra {
                entry.insert(key.into(), value);
            }
            Value::Object(entry)
        })
        .collect();
    let mut by_model = Map::new();
    for kind in ModelKind::ALL {
        let own = config_object(&ExperimentConfig::for_model(kind));
        let differing: Map<String, Value> = own
            .into_iter()
            .filter(|(key, value)| key != "model" && defaults.get(key) != Some(value))
            .collect();
        by_model.insert(choice(kind, "").value, Value::Object(differing));
    }
    let figure_1a = serde_json::to_value(super::figure1::FIGURE_1A).expect("variants serialize");
    serde_json::json!({ "settings": settings, "modelDefaults": by_model, "figure1a": figure_1a })
}

/// The config as its wire object.
pub(super) fn config_object(config: &ExperimentConfig) -> Map<String, Value> {
    match serde_json::to_value(config) {
        Ok(Value::Object(object)) => object,
        other => panic!("a config serializes to an object, not {other:?}"),
    }
}
