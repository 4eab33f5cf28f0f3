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
    /// Only codings whose respondent's attribute satisfies this condition (`functie = manager`,
    /// `Leeftijd >= 40`). Codings without a respondent are excluded when this is set.
    pub attribute: Option<AttributeFilter>,
}

/// How an attribute value is compared with the filter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compare {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Compare {
    pub fn as_str(self) -> &'static str {
        match self {
            Compare::Eq => "=",
            Compare::Ne => "!=",
            Compare::Lt => "<",
            Compare::Le => "<=",
            Compare::Gt => ">",
            Compare::Ge => ">=",
        }
    }

    fn holds(self, ord: Ordering) -> bool {
        match self {
            Compare::Eq => ord == Ordering::Equal,
            Compare::Ne => ord != Ordering::Equal,
            Compare::Lt => ord == Ordering::Less,
            Compare::Le => ord != Ordering::Greater,
            Compare::Gt => ord == Ordering::Greater,
            Compare::Ge => ord != Ordering::Less,
        }
    }
}

/// A condition on a respondent attribute: `Leeftijd >= 40`, `functie = manager`.
///
/// Values compare by the attribute's kind: numbers as numbers (`9 < 10`; a Dutch decimal comma
/// `4,5` is 4.5), ISO dates as dates, text exactly (after trimming) for `=`/`!=` and in natural
/// order for `<`/`>`. An undeclared attribute compares as numbers when both sides are numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributeFilter {
    pub name: String,
    pub op: Compare,
    pub value: String,
}

impl AttributeFilter {
    /// Parses `name=value`, `name!=value`, `name<value`, `name<=value`, `name>value`,
    /// `name>=value` (spaces allowed around the operator).
    pub fn parse(s: &str) -> Option<AttributeFilter> {
        let i = s.find(['=', '<', '>', '!'])?;
        let (name, rest) = s.split_at(i);
        let (op, value) = [
            (">=", Compare::Ge),
            ("<=", Compare::Le),
            ("!=", Compare::Ne),
            ("<>", Compare::Ne),
            ("=", Compare::Eq),
            ("<", Compare::Lt),
            (">", Compare::Gt),
        ]
        .into_iter()
        .find_map(|(tok, op)| rest.strip_prefix(tok).map(|v| (op, v)))?;
        let name = name.trim();
        (!name.is_empty()).then(|| AttributeFilter { name: name.into(), op, value: value.trim().into() })
    }

    /// Whether `value` (a respondent's value of this attribute) satisfies the condition.
    pub fn matches(&self, kind: Option<AttributeKind>, value: &str) -> bool {
        self.op.holds(compare_values(kind, value, &self.value))
    }
}

impl std::fmt::Display for AttributeFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.name, self.op.as_str(), self.value)
    }
}

/// A number as people type it in a spreadsheet: `40`, `-3`, `4.5`, or `4,5` with a decimal comma.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = if !t.contains('.') && t.matches(',').count() == 1 { t.replace(',', ".") } else { t.to_string() };
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Orders two attribute values by the attribute's kind (see [`AttributeFilter`]).
pub fn compare_values(kind: Option<AttributeKind>, a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim(), b.trim());
    if kind != Some(AttributeKind::Text)
        && let (Some(x), Some(y)) = (parse_number(a), parse_number(b))
    {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    if a == b {
        return Ordering::Equal;
    }
    // ISO dates and text: natural order (for ISO dates that is date order).
    match natural_cmp(a, b) {
        Ordering::Equal => a.cmp(b),
        o => o,
    }
}

/// The declared kind of attribute `name`, if any.
pub(super) fn kind_of(project: &Project, name: &str) -> Option<AttributeKind> {
    project.attribute_defs.values().find(|d| d.name == name).map(|d| d.kind)
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
    /// Only respondents whose attribute `name` equals `value` (numbers compared as numbers).
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attribute = Some(AttributeFilter { name: name.into(), op: Compare::Eq, value: value.into() });
        self
    }

    /// Only respondents whose attribute satisfies `condition`.
    pub fn attribute_where(mut self, condition: AttributeFilter) -> Self {
        self.attribute = Some(condition);
        self
    }
}

/// Why a filter or grouping will give an empty or meaningless table: the user most likely
/// mistyped a name. The CLI prints these as warnings (an error with `--strict`); the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterWarning {
    #[error("no respondent has an attribute '{name}' (known attributes: {known})")]
    UnknownAttribute { name: String, known: String },
    #[error("no respondent has {condition} (values of {name}: {known})")]
    NoSuchValue { name: String, condition: String, known: String },
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
    if let Some(cond) = &filter.attribute {
        let name = &cond.name;
        if let Some(w) = check_attribute(project, name) {
            out.push(w);
        } else if !project.cases.values().any(|c| case_matches(project, c, &filter.attribute)) {
            let kind = kind_of(project, name);
            let mut known: Vec<&str> =
                project.cases.values().filter_map(|c| c.attributes.get(name)).map(|v| v.trim()).collect();
            known.retain(|v| !v.is_empty());
            known.sort_by(|a, b| compare_values(kind, a, b));
            known.dedup();
            out.push(FilterWarning::NoSuchValue {
                name: name.clone(),
                condition: cond.to_string(),
                known: known.join(", "),
            });
        }
    }
    // Every coding passes a filter that restricts nothing: no need to go through them.
    let restricts = !filter.coders.is_empty() || !filter.documents.is_empty() || filter.attribute.is_some();
    if restricts && !project.codings.is_empty() && Analysis::new(project).records(filter).is_empty() {
        out.push(FilterWarning::NoCodings);
    }
    out
}

/// Whether respondent `case` satisfies the attribute part of a filter.
pub(super) fn case_matches(project: &Project, case: &Case, attribute: &Option<AttributeFilter>) -> bool {
    match attribute {
        None => true,
        Some(cond) => case
            .attributes
            .get(&cond.name)
            .filter(|v| !v.trim().is_empty())
            .is_some_and(|v| cond.matches(kind_of(project, &cond.name), v)),
    }
}
