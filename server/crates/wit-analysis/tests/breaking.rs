//! Breaking-change diagnostics: the diff's verdict agrees with `wit_component::semver_check`
//! on every mutation of a package that uses each kind of item, and each kind of change is
//! reported at the changed item with a message saying what it was and what it is now.

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/semver_oracle.rs"]
mod semver_oracle;

use wit_analysis::breaking::{VersionVerdict, baseline_diagnostics, version_verdict};
use wit_analysis::{AnalysisCache, Features, PackageSources, Severity, analyze_package};

const TYPES: &str = "package demo:shop@1.2.0;

interface types {
  record item {
    name: string,
    price: u32,
  }

  variant outcome {
    ok(u32),
    out-of-stock,
  }

  enum size {
    small,
    large,
  }

  flags options {
    gift,
    express,
  }

  type amount = u64;

  resource cart {
    constructor(owner: string);
    add: func(it: item, count: u32) -> outcome;
    total: func() -> amount;
    merge: static func(a: cart, b: cart) -> cart;
  }
}
";

const API: &str = "interface api {
  use types.{item, cart, size};

  lookup: func(name: string) -> option<item>;
  open: func(who: string, s: size) -> cart;
}

world shop {
  import api;
  import log: func(message: string);
  export checkout: func(c: borrow<cart>) -> result<u64, string>;
  use types.{cart};
}

world backend {
  export api;
}
";

fn package(types: &str, api: &str) -> PackageSources {
    semver_oracle::sources(
        "/shop",
        &[("api.wit", api), ("types.wit", types)],
        Vec::new(),
    )
}

#[test]
fn the_diff_agrees_with_semver_check_on_every_mutation() {
    let base = [API.to_string(), TYPES.to_string()];
    let old = package(TYPES, API);
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for mutation in mutate::mutations(&base) {
        let mut files = base.clone();
        files[mutation.file] = mutation.text.clone();
        let new = package(&files[1], &files[0]);
        // Both directions: a removal read backwards is an addition.
        for (direction, a, b) in [("forward", &old, &new), ("backward", &new, &old)] {
            let Some(verdicts) = semver_oracle::verdicts(a, b) else {
                continue;
            };
            checked += 1;
            let ours = !verdicts.ours.is_empty();
            if ours != verdicts.oracle.is_some() {
                disagreements.push(format!(
                    "{} ({direction}): ours {:?}, semver_check {:?}",
                    mutation.description, verdicts.ours, verdicts.oracle
                ));
            }
        }
    }
    assert!(checked >= 100, "only {checked} mutations were valid WIT");
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// The breaking changes of `new_types`/`new_api` against the fixture, as (file, line text,
/// first line of the message).
fn changes(new_types: &str, new_api: &str) -> Vec<(String, String, String)> {
    let old = package(TYPES, API);
    let new = package(new_types, new_api);
    let resolve = |s: &PackageSources| {
        analyze_package(s, &Features::default(), &mut AnalysisCache::default())
            .resolved
            .expect("resolves")
    };
    let diagnostics = baseline_diagnostics(&new, &resolve(&new), &resolve(&old), "v1");
    diagnostics
        .iter()
        .map(|d| {
            let text = new.text_for_positions(&d.path);
            let line_start = text[..d.range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[d.range.start..]
                .find('\n')
                .map_or(text.len(), |i| d.range.start + i);
            (
                d.path.file_name().unwrap().to_string_lossy().into_owned(),
                text[line_start..line_end].trim().to_string(),
                d.message.lines().next().unwrap().to_string(),
            )
        })
        .collect()
}

fn one_change(new_types: &str, new_api: &str) -> (String, String, String) {
    let mut all = changes(new_types, new_api);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn an_unchanged_package_and_additions_to_imports_are_not_breaking() {
    assert!(changes(TYPES, API).is_empty());
    let added = TYPES.replace(
        "  type amount = u64;",
        "  type amount = u64;\n  type extra = u8;",
    );
    assert!(changes(&added, API).is_empty());
    let added = API.replace("  lookup:", "  ping: func();\n  lookup:");
    // `api` is exported by `backend`: a component built for 1.2.0 does not export `ping`.
    assert_eq!(
        one_change(TYPES, &added),
        (
            "api.wit".into(),
            "ping: func();".into(),
            "function `ping` was added to interface `api`, which a world exports: components built for the previous version do not export it".into()
        )
    );
}

#[test]
fn each_kind_of_change_is_reported_at_the_changed_item() {
    let c = one_change(&TYPES.replace("    price: u32,\n", ""), API);
    assert_eq!(c.1, "record item {");
    assert_eq!(c.2, "field `price` was removed from record `item`");

    let c = one_change(&TYPES.replace("    price: u32,", "    price: u64,"), API);
    assert_eq!(c.1, "price: u64,");
    assert_eq!(
        c.2,
        "field `price` of record `item` changed from `u32` to `u64`"
    );

    let c = one_change(
        &TYPES.replace("    out-of-stock,", "    out-of-stock,\n    backordered,"),
        API,
    );
    assert_eq!(c.1, "backordered,");
    assert_eq!(
        c.2,
        "case `backordered` was added to variant `outcome`; a variant must match its previous version exactly"
    );

    let c = one_change(
        &TYPES.replace("    small,\n    large,", "    large,\n    small,"),
        API,
    );
    assert_eq!(
        c.2,
        "the cases of enum `size` were reordered (was `small, large`); their order is part of the type"
    );

    let c = one_change(&TYPES.replace("    express,\n", ""), API);
    assert_eq!(c.2, "flag `express` was removed from flags `options`");

    let c = one_change(
        &TYPES.replace("type amount = u64;", "type amount = u32;"),
        API,
    );
    assert_eq!(c.1, "type amount = u32;");
    assert_eq!(c.2, "type `amount` changed from `u64` to `u32`");

    let c = one_change(&TYPES.replace("count: u32", "count: u16"), API);
    assert_eq!(c.1, "add: func(it: item, count: u16) -> outcome;");
    assert_eq!(
        c.2,
        "parameter `count` of method `add` of resource `cart` changed type from `u32` to `u16`"
    );

    let c = one_change(
        &TYPES.replace(
            "total: func() -> amount;",
            "total: static func() -> amount;",
        ),
        API,
    );
    assert_eq!(
        c.2,
        "method `total` of resource `cart` is now static; callers of the previous version break"
    );

    let c = one_change(&TYPES.replace("    total: func() -> amount;\n", ""), API);
    assert_eq!(c.1, "resource cart {");
    assert_eq!(
        c.2,
        "method `total` of resource `cart` was removed from interface `types`"
    );

    let c = one_change(TYPES, &API.replace("-> option<item>", "-> item"));
    assert_eq!(
        c.2,
        "the result of function `lookup` changed from `option<item>` to `item`"
    );

    let c = one_change(TYPES, &API.replace("who: string", "owner: string"));
    assert_eq!(
        c.2,
        "parameter `owner` of function `open` was renamed from `who` (parameter names are part of a function's type)"
    );

    let c = one_change(
        TYPES,
        &API.replace("  import log: func(message: string);\n", ""),
    );
    assert_eq!(c.1, "world shop {");
    assert_eq!(c.2, "import `log` was removed from world `shop`");

    let c = one_change(
        TYPES,
        &API.replace(
            "  export api;",
            "  export api;\n  export version: func() -> string;",
        ),
    );
    assert_eq!(
        c.2,
        "export `version` was added to world `backend`: components built for the previous version do not export it"
    );

    // A removed export breaks no component built for the previous version.
    assert!(
        changes(
            TYPES,
            &API.replace(
                "  export checkout: func(c: borrow<cart>) -> result<u64, string>;\n",
                ""
            )
        )
        .is_empty()
    );
}

#[test]
fn moved_removed_and_renamed_items_name_where_they_went() {
    // `lookup` moves from `api` to `types`.
    let moved_api = API.replace("  lookup: func(name: string) -> option<item>;\n", "");
    let moved_types = TYPES.replace(
        "  type amount = u64;",
        "  type amount = u64;\n  lookup: func(name: string) -> option<item>;",
    );
    let c = one_change(&moved_types, &moved_api);
    assert_eq!(c.0, "types.wit");
    assert_eq!(c.1, "lookup: func(name: string) -> option<item>;");
    assert_eq!(
        c.2,
        "function `lookup` moved from interface `api` to interface `types`; users of interface `api` no longer find it"
    );

    let removed = "package demo:shop@1.2.0;\n";
    let all = changes(removed, "world shop {}\nworld backend {}\n");
    assert!(
        all.iter()
            .any(|c| c.2 == "interface `types` was removed from the package"
                && c.1 == "package demo:shop@1.2.0;"),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|c| c.2 == "interface `api` was removed from the package"),
        "{all:#?}"
    );
}

#[test]
fn versions_decide_the_severity() {
    let name = |v: Option<&str>| wit_parser::PackageName {
        namespace: "demo".into(),
        name: "shop".into(),
        version: v.map(|v| semver::Version::parse(v).unwrap()),
    };
    let verdict = |a, b| version_verdict(&name(a), &name(b));
    let not_allowed = |s: &str| VersionVerdict::BreakingNotAllowed {
        suggested: s.into(),
    };
    assert_eq!(verdict(Some("1.2.0"), Some("1.3.0")), not_allowed("2.0.0"));
    assert_eq!(verdict(Some("1.2.0"), Some("1.2.0")), not_allowed("2.0.0"));
    assert_eq!(
        verdict(Some("1.2.0"), Some("2.0.0")),
        VersionVerdict::BreakingAllowed
    );
    assert_eq!(verdict(Some("0.2.0"), Some("0.2.3")), not_allowed("0.3.0"));
    assert_eq!(
        verdict(Some("0.2.9"), Some("0.3.0")),
        VersionVerdict::BreakingAllowed
    );
    assert_eq!(
        verdict(Some("0.0.1"), Some("0.0.2")),
        VersionVerdict::BreakingAllowed
    );
    assert_eq!(verdict(Some("0.0.1"), Some("0.0.1")), not_allowed("0.0.2"));
    // Going backwards is no bump.
    assert_eq!(verdict(Some("2.0.0"), Some("1.0.0")), not_allowed("3.0.0"));
    assert_eq!(
        verdict(Some("0.2.0-rc-1"), Some("0.2.0-rc-2")),
        VersionVerdict::BreakingAllowed
    );
    assert_eq!(
        verdict(None, Some("1.0.0")),
        VersionVerdict::Missing {
            side: "in the baseline"
        }
    );
    assert_eq!(
        verdict(Some("1.0.0"), None),
        VersionVerdict::Missing { side: "here" }
    );

    // The same change is an error at 1.3.0 and information at 2.0.0.
    let removed = TYPES.replace("    price: u32,\n", "");
    let severity_at = |version: &str| {
        let old = package(TYPES, API);
        let new_types = removed.replace("@1.2.0", version);
        let new = package(&new_types, API);
        let resolve = |s: &PackageSources| {
            analyze_package(s, &Features::default(), &mut AnalysisCache::default())
                .resolved
                .unwrap()
        };
        baseline_diagnostics(&new, &resolve(&new), &resolve(&old), "v1")
            .into_iter()
            .map(|d| (d.severity, d.code.as_str(), d.message))
            .collect::<Vec<_>>()
    };
    let at_130 = severity_at("@1.3.0");
    assert_eq!(at_130.len(), 1);
    assert_eq!(at_130[0].0, Severity::Error);
    assert!(at_130[0].2.ends_with("the version is 1.3.0 here and 1.2.0 in the baseline (v1); a breaking change needs version 2.0.0"), "{}", at_130[0].2);
    let at_200 = severity_at("@2.0.0");
    assert_eq!(at_200[0].0, Severity::Information);
    let unversioned = severity_at("");
    assert_eq!(unversioned.len(), 2);
    assert_eq!(unversioned[0].1, "baseline");
    assert_eq!(unversioned[0].0, Severity::Warning);
    assert_eq!(unversioned[1].0, Severity::Error);
}
