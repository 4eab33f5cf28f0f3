//! Frequencies, group tables, code x respondent / document matrices, co-occurrence and the
//! respondent overview, computed on an [`Analysis`].

use super::*;

impl<'p> Analysis<'p> {
    /// Every code in tree order with own and aggregated counts.
    pub fn code_frequencies(&self, filter: &Filter) -> Vec<CodeRow> {
        let recs = self.records(filter);
        let refs: Vec<&Rec> = recs.iter().collect();
        let (own, total) = self.counts_of(&refs);
        own.into_iter()
            .zip(total)
            .enumerate()
            .map(|(i, (own, total))| {
                let c = self.code(i);
                CodeRow {
                    code: c.id,
                    name: c.name.clone(),
                    kind: c.kind,
                    color: c.color,
                    depth: self.tree.depth[i],
                    path: self.path(i),
                    own,
                    total,
                }
            })
            .collect()
    }

    /// Counts per group: per value of an attribute (e.g. per `functie`) or per coder. Each cell
    /// holds the codings and the distinct respondents of that group; with `aggregate` a code's
    /// cell covers its subtree; [`GroupRow::total`] covers every group.
    ///
    /// Attribute groups are in natural order of the value; respondents without a value form a
    /// last group with an empty value (only if it has members); codings without a respondent
    /// belong to no group. Coder groups are the filter's coders, else every coder with a coding,
    /// in natural order of their names; a coding without a respondent counts for its coder.
    pub fn frequencies_by_group(&self, filter: &Filter, by: impl Into<GroupBy>, aggregate: bool) -> GroupFrequencies {
        let by = by.into();
        let recs = self.records(filter);
        let (groups, group_of): (Vec<Group>, Vec<Option<usize>>) = match &by {
            GroupBy::Attribute(attribute) => self.attribute_groups(filter, attribute, &recs),
            GroupBy::Coder => self.coder_groups(filter, &recs),
        };
        let mut members: Vec<Vec<&Rec>> = vec![Vec::new(); groups.len()];
        for (r, g) in recs.iter().zip(&group_of) {
            if let Some(g) = g {
                members[*g].push(r);
            }
        }
        let set = |(own, total): (Vec<Counts>, Vec<Counts>)| if aggregate { total } else { own };
        let per_group: Vec<Vec<Counts>> = members.iter().map(|m| set(self.counts_of(m))).collect();
        let everyone: Vec<&Rec> = members.into_iter().flatten().collect();
        let mut total = set(self.counts_of(&everyone));
        let rows = (0..self.tree.len())
            .map(|i| GroupRow {
                code: self.tree.order[i],
                depth: self.tree.depth[i],
                path: self.path(i),
                cells: per_group.iter().map(|g| g[i].clone()).collect(),
                total: std::mem::take(&mut total[i]),
            })
            .collect();
        GroupFrequencies { by, aggregate, groups, rows }
    }

    /// The groups of an attribute's values and the group of each record (see
    /// [`Self::frequencies_by_group`]).
    fn attribute_groups(&self, filter: &Filter, attribute: &str, recs: &[Rec]) -> (Vec<Group>, Vec<Option<usize>>) {
        let scope: HashSet<Id> = self
            .case_order
            .iter()
            .copied()
            .filter(|id| case_matches(self.project, &self.project.cases[id], &filter.attribute))
            .collect();
        let value_of = |case: Id| -> String {
            self.project.cases[&case].attributes.get(attribute).map(|v| v.trim().to_string()).unwrap_or_default()
        };
        let mut values: Vec<String> = scope.iter().map(|&c| value_of(c)).collect();
        // Numbers in numeric order (9 before 10, 4,25 before 4,5), dates by date, text naturally.
        let kind = kind_of(self.project, attribute);
        values.sort_by(|a, b| a.is_empty().cmp(&b.is_empty()).then_with(|| compare_values(kind, a, b)));
        values.dedup();
        let mut group_of_case: HashMap<Id, usize> = HashMap::new();
        let groups = values
            .iter()
            .enumerate()
            .map(|(g, v)| {
                let respondents: Vec<Id> =
                    self.case_order.iter().copied().filter(|c| scope.contains(c) && &value_of(*c) == v).collect();
                group_of_case.extend(respondents.iter().map(|&c| (c, g)));
                Group {
                    value: v.clone(),
                    respondent_labels: respondents.iter().map(|&c| self.label(c)).collect(),
                    respondents,
                }
            })
            .collect();
        (groups, recs.iter().map(|r| r.case.and_then(|c| group_of_case.get(&c).copied())).collect())
    }

    /// One group per coder (see [`Self::frequencies_by_group`]) and the group of each record.
    fn coder_groups(&self, filter: &Filter, recs: &[Rec]) -> (Vec<Group>, Vec<Option<usize>>) {
        let mut coders: Vec<Id> = if filter.coders.is_empty() {
            let coded: HashSet<Id> = self.project.codings.values().map(|k| k.coder).collect();
            coded.into_iter().collect()
        } else {
            filter.coders.clone()
        };
        let name = |id: &Id| self.project.coders.get(id).map_or(String::new(), |c| c.name.clone());
        coders.sort_by(|a, b| natural_cmp(&name(a), &name(b)).then(a.cmp(b)));
        coders.dedup();
        let groups = coders
            .iter()
            .map(|id| Group { value: name(id), respondents: Vec::new(), respondent_labels: Vec::new() })
            .collect();
        let column: HashMap<Id, usize> = coders.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        (groups, recs.iter().map(|r| column.get(&r.coding.coder).copied()).collect())
    }

    /// Rows: every code in tree order; columns: respondents in scope (natural order). A value is
    /// the number of codings of that code (with `aggregate`: of its subtree) attributed to that
    /// respondent; [`Matrix::presence`] gives 0/1. Codings without a respondent do not appear.
    pub fn code_case_matrix(&self, filter: &Filter, aggregate: bool) -> Matrix {
        let columns = self.cases_in_scope(filter);
        let col_of: HashMap<Id, usize> = columns.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut values = vec![vec![0usize; columns.len()]; self.tree.len()];
        for r in self.records(filter) {
            if let Some(&j) = r.case.and_then(|c| col_of.get(&c)) {
                values[r.code][j] += 1;
            }
        }
        if aggregate {
            self.aggregate_rows(&mut values);
        }
        Matrix {
            rows: self.matrix_rows(),
            columns: columns.into_iter().map(|id| MatrixColumn { id, label: self.label(id) }).collect(),
            values,
        }
    }

    /// Rows: every code; columns: documents (the filter's, else all) in natural name order.
    /// A value is the number of codings of the code (with `aggregate`: of its subtree) in the
    /// document.
    pub fn code_document_matrix(&self, filter: &Filter, aggregate: bool) -> Matrix {
        let wanted: HashSet<Id> = filter.documents.iter().copied().collect();
        let columns: Vec<Id> =
            self.doc_order.iter().copied().filter(|d| wanted.is_empty() || wanted.contains(d)).collect();
        let col_of: HashMap<Id, usize> = columns.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut values = vec![vec![0usize; columns.len()]; self.tree.len()];
        for r in self.records(filter) {
            if let Some(&j) = col_of.get(&r.coding.document) {
                values[r.code][j] += 1;
            }
        }
        if aggregate {
            self.aggregate_rows(&mut values);
        }
        Matrix {
            rows: self.matrix_rows(),
            columns: columns
                .into_iter()
                .map(|id| MatrixColumn { id, label: self.project.documents[&id].name.clone() })
                .collect(),
            values,
        }
    }

    /// Sums children's rows into their parents (coding counts add up; each coding has one code).
    fn aggregate_rows(&self, values: &mut [Vec<usize>]) {
        for i in (0..self.tree.len()).rev() {
            for k in self.tree.children[i].clone() {
                let (head, tail) = values.split_at_mut(k);
                for (a, b) in head[i].iter_mut().zip(&tail[0]) {
                    *a += *b;
                }
            }
        }
    }

    /// Symmetric code x code matrix (rows and columns: every code in tree order, own codings
    /// only). See [`CoMode`] for what a count means.
    pub fn cooccurrence(&self, filter: &Filter, mode: CoMode) -> Matrix {
        let n = self.tree.len();
        let mut values = vec![vec![0usize; n]; n];
        let recs = self.records(filter);
        match mode {
            CoMode::Overlap => {
                let mut by_doc: HashMap<Id, Vec<&Rec>> = HashMap::new();
                for r in &recs {
                    values[r.code][r.code] += 1;
                    by_doc.entry(r.coding.document).or_default().push(r);
                }
                for list in by_doc.values_mut() {
                    list.sort_by_key(|r| (r.coding.start, r.coding.end, r.coding.id));
                    let mut active: Vec<(usize, usize)> = Vec::new(); // (end, code)
                    for r in list.iter() {
                        active.retain(|&(end, _)| end > r.coding.start);
                        for &(_, code) in &active {
                            if code != r.code {
                                values[code][r.code] += 1;
                                values[r.code][code] += 1;
                            }
                        }
                        active.push((r.coding.end, r.code));
                    }
                }
            }
            CoMode::SameTurn | CoMode::SameDocument | CoMode::SameRespondent => {
                let mut units: HashMap<Id, Vec<usize>> = HashMap::new();
                for r in &recs {
                    let unit = match mode {
                        CoMode::SameTurn => self.turn_at(r.coding.document, r.coding.start),
                        CoMode::SameDocument => Some(r.coding.document),
                        _ => r.case,
                    };
                    if let Some(u) = unit {
                        units.entry(u).or_default().push(r.code);
                    }
                }
                for codes in units.values_mut() {
                    codes.sort_unstable();
                    codes.dedup();
                    for (a, &x) in codes.iter().enumerate() {
                        values[x][x] += 1;
                        for &y in &codes[a + 1..] {
                            values[x][y] += 1;
                            values[y][x] += 1;
                        }
                    }
                }
            }
        }
        let rows = self.matrix_rows();
        let columns = rows.iter().map(|r| MatrixColumn { id: r.code, label: r.path.join(" > ") }).collect();
        Matrix { rows, columns, values }
    }
}

impl<'p> Analysis<'p> {
    /// One row per respondent (natural order) with all attributes, documents and coding counts
    /// (all codings, unfiltered).
    pub fn respondent_overview(&self) -> RespondentOverview {
        let p = self.project;
        let mut attributes: Vec<String> = p.attribute_defs.values().map(|a| a.name.clone()).collect();
        let mut extra: BTreeSet<String> = BTreeSet::new();
        for c in p.cases.values() {
            for k in c.attributes.keys() {
                if !attributes.contains(k) {
                    extra.insert(k.clone());
                }
            }
        }
        attributes.extend(extra);
        let mut docs_of: HashMap<Id, BTreeSet<usize>> = HashMap::new();
        for d in p.documents.values() {
            if let Some(c) = d.case {
                docs_of.entry(c).or_default().insert(self.doc_rank[&d.id]);
            }
        }
        for t in p.turns.values() {
            if let (Some(c), Some(&r)) = (t.case, self.doc_rank.get(&t.document)) {
                docs_of.entry(c).or_default().insert(r);
            }
        }
        let mut codings: HashMap<Id, usize> = HashMap::new();
        let mut codes: HashMap<Id, HashSet<Id>> = HashMap::new();
        for r in self.records(&Filter::all()) {
            if let Some(c) = r.case {
                *codings.entry(c).or_default() += 1;
                codes.entry(c).or_default().insert(r.coding.code);
            }
        }
        let rows = self
            .case_order
            .iter()
            .map(|id| {
                let c = &p.cases[id];
                RespondentRow {
                    case: *id,
                    label: c.label.clone(),
                    attributes: attributes.iter().map(|a| c.attributes.get(a).cloned().unwrap_or_default()).collect(),
                    documents: docs_of
                        .get(id)
                        .map(|s| s.iter().map(|&r| p.documents[&self.doc_order[r]].name.clone()).collect())
                        .unwrap_or_default(),
                    codings: codings.get(id).copied().unwrap_or(0),
                    codes: codes.get(id).map_or(0, |s| s.len()),
                }
            })
            .collect();
        RespondentOverview { attributes, rows }
    }
}
