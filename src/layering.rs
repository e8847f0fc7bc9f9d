//! A test, not code: the top-level modules of `src/` must not import each other in a cycle
//! (commands → executor → plan/config → the seams, never back; see lib.rs). It reads the
//! sources and follows every `crate::module` path outside `#[cfg(test)]` blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            rust_files(&entry.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a file without its test modules (they may reach anything).
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text)
}

/// Every top-level module named after `crate::` in `text`, including `crate::{a, b::c}`.
fn uses(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            group
                .split(',')
                .map(|part| part.trim().split("::").next().unwrap_or(""))
                .collect()
        } else {
            vec![
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            ]
        };
        found.extend(
            names
                .into_iter()
                .filter(|n| modules.contains(*n))
                .map(str::to_string),
        );
    }
    found
}

/// The import graph between the top-level modules of `src`.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("src").flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if matches!(stem, "lib" | "main") {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        modules.entry(stem.to_string()).or_default().extend(files);
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .into_iter()
        .map(|(name, files)| {
            let mut edges = BTreeSet::new();
            for file in files {
                let text = std::fs::read_to_string(&file).expect("read source");
                edges.extend(uses(without_tests(&text), &names));
            }
            edges.remove(&name);
            (name, edges)
        })
        .collect()
}

/// One cycle, as the path that closes it, if there is any.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    assert!(graph.contains_key("executor") && graph.contains_key("commands"));
    assert_eq!(find_cycle(&graph), None, "import graph: {graph:#?}");
}

#[test]
fn the_checker_sees_a_cycle() {
    let names: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    let a = uses(
        "use crate::{b::X, secret};\nfn f() { crate::c::g() }",
        &names,
    );
    assert_eq!(a, ["b", "c"].map(String::from).into());
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), a);
    graph.insert("b".to_string(), BTreeSet::new());
    graph.insert("c".to_string(), ["a".to_string()].into());
    assert_eq!(
        find_cycle(&graph),
        Some(["a", "c", "a"].map(String::from).to_vec())
    );
}
