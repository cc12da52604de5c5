//! The settings are described once (`rethink::experiment::settings`): the config on the
//! wire, its validation, the exported schema and the CLI's flags all follow that table.

use rethink::experiment::ExperimentConfig;
use rethink::experiment::settings::{self, Domain, SETTINGS};
use rethink::model::ModelKind;
use serde_json::{Value, json};

fn config_keys(config: &ExperimentConfig) -> Vec<String> {
    let Value::Object(object) = serde_json::to_value(config).unwrap() else {
        panic!("a config is an object")
    };
    object.keys().cloned().collect()
}

#[test]
fn the_table_describes_every_config_field_and_nothing_else() {
    let mut fields = config_keys(&ExperimentConfig::default());
    let mut described: Vec<String> = SETTINGS.iter().map(|s| s.name.to_string()).collect();
    fields.sort();
    described.sort();
    assert_eq!(fields, described);
}

#[test]
fn an_unknown_key_is_refused_with_its_name() {
    let error =
        ExperimentConfig::from_json(json!({ "model": "mlp", "randomLabel": true })).unwrap_err();
    assert!(error.contains("unknown setting \"randomLabel\""), "{error}");
    assert!(
        error.contains("labelCorruption"),
        "names the known ones: {error}"
    );
}

#[test]
fn missing_keys_take_the_defaults_and_the_models_learning_rate() {
    let mlp = ExperimentConfig::from_json(json!({})).unwrap();
    assert_eq!(mlp, ExperimentConfig::default());
    let inception = ExperimentConfig::from_json(json!({ "model": "inception" })).unwrap();
    assert_eq!(
        inception.train.learning_rate, 0.1,
        "the paper's rate for Inception"
    );
    assert_eq!(inception, ExperimentConfig::for_model(ModelKind::Inception));
    let chosen =
        ExperimentConfig::from_json(json!({ "model": "inception", "learningRate": 0.02 })).unwrap();
    assert_eq!(chosen.train.learning_rate, 0.02, "an explicit rate wins");
}

#[test]
fn every_range_and_choice_of_the_table_is_enforced() {
    for setting in &SETTINGS {
        let outside = match setting.domain {
            Domain::Bool => json!("yes"),
            Domain::Int { max, .. } => json!(max + 1),
            Domain::Float { max, .. } => json!(max * 1.5 + 0.1),
            Domain::Choice(_) => json!("no-such-choice"),
        };
        let error =
            ExperimentConfig::from_json(json!({ setting.name: outside })).expect_err(setting.name);
        assert!(
            error.contains(&setting.label.to_lowercase()),
            "{}: {error}",
            setting.name
        );
        let mut object = settings::schema()["settings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["default"].clone(),
                )
            })
            .collect::<serde_json::Map<_, _>>();
        object.insert(setting.name.into(), outside);
        assert!(
            ExperimentConfig::from_json(Value::Object(object)).is_err(),
            "{}",
            setting.name
        );
    }
    let mut config = ExperimentConfig::default();
    config.train.learning_rate = f64::NAN;
    assert!(config.validate().unwrap_err().contains("learning rate"));
}

#[test]
fn the_schema_holds_the_defaults_ranges_and_per_model_defaults() {
    let schema = settings::schema();
    let defaults = serde_json::to_value(ExperimentConfig::default()).unwrap();
    for entry in schema["settings"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        assert_eq!(entry["default"], defaults[name], "{name}");
        assert!(!entry["help"].as_str().unwrap().is_empty(), "{name}");
    }
    let model = &schema["settings"][0];
    assert_eq!(model["name"], "model");
    let values: Vec<&str> = model["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["mlp", "mlp3", "cnn", "alexnet", "inception"]);
    assert_eq!(
        schema["modelDefaults"]["inception"],
        json!({ "learningRate": 0.1 })
    );
    assert_eq!(schema["modelDefaults"]["mlp"], json!({}));
}

#[test]
fn the_clis_flags_carry_the_tables_help() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rethink"))
        .args(["train", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    // The flags whose meaning is the setting's (batch norm's flag is its negation).
    for (flag, name) in [
        ("--model", "model"),
        ("--label-corruption", "labelCorruption"),
        ("--pixels", "pixels"),
        ("--dropout", "dropout"),
        ("--batch-size", "batchSize"),
        ("--lr", "learningRate"),
        ("--lr-decay", "lrDecay"),
        ("--momentum", "momentum"),
        ("--weight-decay", "weightDecay"),
        ("--augment", "augment"),
        ("--seed", "seed"),
    ] {
        let text = settings::help(name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let at = flat.find(&format!("{flag} ")).expect(flag);
        assert!(flat[at..].contains(&text), "{flag}: {text}");
    }
}

#[test]
fn figure_1a_and_the_sweeps_reference_are_defined_once() {
    use rethink::experiment::figure1::sweep_reference;
    let variants = settings::schema()["figure1a"].clone();
    assert_eq!(variants.as_array().unwrap().len(), 5);
    assert_eq!(
        variants[1],
        json!({ "key": "random-labels", "label": "random labels", "labelCorruption": 1.0, "pixels": "none" })
    );
    let fitted = [(0.4, Some(15.0)), (0.0, None), (0.2, Some(12.0))];
    assert_eq!(
        sweep_reference(&fitted),
        Some((0.2, 12.0)),
        "p = 0 did not fit"
    );
    assert_eq!(
        sweep_reference(&[(0.4, Some(15.0)), (0.0, Some(10.0))]),
        Some((0.0, 10.0))
    );
    assert_eq!(
        sweep_reference(&[(0.0, Some(0.0))]),
        None,
        "fitted before training"
    );
}

#[test]
fn a_run_until_fitted_stops_when_fitted_or_out_of_epochs() {
    use rethink::experiment::figure1::{StopReason, StopRule};
    let rule = StopRule {
        train_error: Some(0.01),
        max_epochs: Some(100.0),
    };
    assert_eq!(
        rule.reason(0.0, 0.0),
        Some(StopReason::Fitted),
        "epoch 0 counts"
    );
    assert_eq!(rule.reason(0.5, 99.0), None);
    assert_eq!(rule.reason(0.5, 100.0), Some(StopReason::MaxEpochs));
    assert_eq!(
        rule.reason(0.01, 100.0),
        Some(StopReason::Fitted),
        "fitted wins"
    );
    assert_eq!(StopReason::MaxEpochs.name(), "maxEpochs");
}
