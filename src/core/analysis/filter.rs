//! Which codings an analysis counts: the respondent attribute and coder filter, and the
//! warnings a filter that matches nothing deserves.

use super::*;

// ---------------------------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------------------------

/// Which codings an analysis looks at. An empty list means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only codings made by these coders.
    pub coders: Vec<Id>,
    /// Only codings in these documents.
    pub documents: Vec<Id>,
    /// Only codings whose respondent has this attribute value (name, value), compared after
    /// trimming, case-sensitively. Codings without a respondent are excluded when this is set.
    pub attribute: Option<(String, String)>,
}

impl Filter {
    pub fn all() -> Self {
        Filter::default()
    }
    pub fn coders(mut self, coders: impl IntoIterator<Item = Id>) -> Self {
        self.coders = coders.into_iter().collect();
        self
    }
    pub fn documents(mut self, docs: impl IntoIterator<Item = Id>) -> Self {
        self.documents = docs.into_iter().collect();
        self
    }
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attribute = Some((name.into(), value.into()));
        self
    }
}

/// Why a filter or grouping will give an empty or meaningless table: the user most likely
/// mistyped a name. The CLI prints these as warnings (an error with `--strict`); the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterWarning {
    #[error("no respondent has an attribute '{name}' (known attributes: {known})")]
    UnknownAttribute { name: String, known: String },
    #[error("no respondent has {name} = {value} (values of {name}: {known})")]
    NoSuchValue { name: String, value: String, known: String },
    #[error("the filter matches no codings: every count is 0")]
    NoCodings,
}

/// Attribute names used by respondents or defined in the project, in natural order.
pub(super) fn attribute_names(project: &Project) -> Vec<String> {
    let mut names: BTreeSet<String> = project.attribute_defs.values().map(|d| d.name.clone()).collect();
    names.extend(project.cases.values().flat_map(|c| c.attributes.keys().cloned()));
    let mut v: Vec<String> = names.into_iter().collect();
    v.sort_by(|a, b| natural_cmp(a, b));
    v
}

/// A warning when no respondent has attribute `name` (for `--by` and the attribute filter).
pub fn check_attribute(project: &Project, name: &str) -> Option<FilterWarning> {
    let has = project.cases.values().any(|c| c.attributes.get(name).is_some_and(|v| !v.trim().is_empty()));
    (!has).then(|| FilterWarning::UnknownAttribute { name: name.into(), known: attribute_names(project).join(", ") })
}

/// What is wrong with `filter` for this project: an unknown attribute, a value no respondent has,
/// or no coding left at all. Empty when the filter selects something.
pub fn filter_warnings(project: &Project, filter: &Filter) -> Vec<FilterWarning> {
    let mut out = Vec::new();
    if let Some((name, value)) = &filter.attribute {
        if let Some(w) = check_attribute(project, name) {
            out.push(w);
        } else if !project.cases.values().any(|c| case_matches(c, &filter.attribute)) {
            let values: BTreeSet<&str> =
                project.cases.values().filter_map(|c| c.attributes.get(name)).map(|v| v.trim()).collect();
            let known: Vec<&str> = values.into_iter().filter(|v| !v.is_empty()).collect();
            out.push(FilterWarning::NoSuchValue { name: name.clone(), value: value.clone(), known: known.join(", ") });
        }
    }
    if !project.codings.is_empty() && Analysis::new(project).records(filter).is_empty() {
        out.push(FilterWarning::NoCodings);
    }
    out
}

/// Whether respondent `case` satisfies the attribute part of a filter.
pub(super) fn case_matches(case: &Case, attribute: &Option<(String, String)>) -> bool {
    match attribute {
        None => true,
        Some((name, value)) => case.attributes.get(name).is_some_and(|v| v.trim() == value.trim()),
    }
}
