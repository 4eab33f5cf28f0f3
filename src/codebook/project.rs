//! Codebooks and projects: a project's tree as nodes, and nodes merged into a project by path
//! as one undoable edit.

use super::*;

// ---------------------------------------------------------------------------------------------
// Project

/// The project's code tree as nodes, with kinds, colours and descriptions: all top-level codes
/// for `None`, or the branch starting at `root` (empty if there is no such code).
pub fn from_project(project: &Project, root: Option<Id>) -> Vec<CodeNode> {
    fn node(project: &Project, code: &Code, seen: &mut HashSet<Id>) -> CodeNode {
        seen.insert(code.id);
        let children = project
            .children(Some(code.id))
            .into_iter()
            .filter(|c| !seen.contains(&c.id))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|c| node(project, c, seen))
            .collect();
        CodeNode {
            name: code.name.clone(),
            description: code.description.clone(),
            kind: Some(code.kind),
            color: Some(code.color.hex()),
            children,
        }
    }
    let mut seen = HashSet::new();
    match root {
        None => project.children(None).into_iter().map(|c| node(project, c, &mut seen)).collect(),
        Some(id) => project.codes.get(&id).map(|c| vec![node(project, c, &mut seen)]).unwrap_or_default(),
    }
}

/// Names cleaned, nameless nodes dropped, duplicates merged: what the parsers guarantee, for nodes
/// built by hand.
pub(super) fn prepare(nodes: &[CodeNode]) -> Vec<CodeNode> {
    fn clean(nodes: &[CodeNode]) -> Vec<CodeNode> {
        nodes
            .iter()
            .filter_map(|n| {
                let name = clean_name(&n.name).ok()?;
                Some(CodeNode {
                    name,
                    description: n.description.replace('\r', "").trim().to_string(),
                    kind: n.kind,
                    color: n.color.as_deref().and_then(|c| clean_color(c).ok().flatten()),
                    children: clean(&n.children),
                })
            })
            .collect()
    }
    merge_duplicates(clean(nodes))
}

/// One edit, "Import codebook", that adds `nodes` below `parent` (top level for `None`).
///
/// * A node whose path already exists (same name under the same parent) reuses that code: nothing
///   is duplicated, only an empty description is filled in (as an update). Importing the same
///   codebook twice therefore gives an empty edit the second time.
/// * New codes get fresh ids from `project.last_id + 1` upwards, in depth-first order (parents
///   first), and positions after the existing siblings.
/// * A node without a kind becomes a [`CodeKind::Concept`] at depth 1 of the project, a
///   [`CodeKind::Dimension`] at depth 2 when it has children, and a [`CodeKind::Code`] otherwise.
/// * A node's own colour always wins. With `default_colors`, a node without one takes the colour
///   of its nearest ancestor (in the import or already in the project), and a new top-level
///   branch takes the next [`PALETTE`](crate::core::PALETTE) colour by its position, so each branch has one colour.
///   Without `default_colors`, a node without a colour gets [`Color::NEUTRAL`].
/// * Nodes are cleaned as the parsers do (names trimmed, duplicates merged; nameless nodes and
///   invalid colours are dropped, as this function cannot fail).
pub fn insert_into_project(project: &Project, parent: Option<Id>, nodes: &[CodeNode], default_colors: bool) -> Edit {
    struct Ctx<'a> {
        project: &'a Project,
        edit: Edit,
        next_id: Id,
        default_colors: bool,
    }
    fn walk(
        ctx: &mut Ctx,
        parent: Option<Id>,
        parent_existing: bool,
        depth: usize,
        inherited: Option<Color>,
        nodes: &[CodeNode],
    ) {
        let existing: Vec<&Code> = if parent_existing { ctx.project.children(parent) } else { Vec::new() };
        let mut position = existing.iter().map(|c| c.position + 1).max().unwrap_or(0);
        for n in nodes {
            if let Some(old) = existing.iter().find(|c| c.name == n.name) {
                if old.description.trim().is_empty() && !n.description.is_empty() {
                    let mut after = (*old).clone();
                    after.description = n.description.clone();
                    ctx.edit.push(Change::Update { before: Entity::Code((*old).clone()), after: Entity::Code(after) });
                }
                walk(ctx, Some(old.id), true, depth + 1, Some(old.color), &n.children);
                continue;
            }
            let kind = n.kind.unwrap_or(match depth {
                1 => CodeKind::Concept,
                2 if !n.children.is_empty() => CodeKind::Dimension,
                _ => CodeKind::Code,
            });
            // Colours were checked by `prepare` (an unreadable one is an error there).
            let color = match (&n.color, ctx.default_colors) {
                (Some(c), _) => Color::or_neutral(c),
                (None, true) => match inherited {
                    Some(c) => c,
                    None => Color::palette(position.rem_euclid(PALETTE.len() as i64) as usize),
                },
                (None, false) => Color::NEUTRAL,
            };
            let id = ctx.next_id;
            ctx.next_id += 1;
            ctx.edit.push(Change::Insert(Entity::Code(Code {
                id,
                parent,
                name: n.name.clone(),
                kind,
                color,
                description: n.description.clone(),
                codable: true,
                position,
            })));
            position += 1;
            walk(ctx, Some(id), false, depth + 1, Some(color), &n.children);
        }
    }
    let nodes = prepare(nodes);
    let (depth, inherited) = match parent.and_then(|p| project.codes.get(&p)) {
        Some(p) => (project.depth(p.id) + 1, Some(p.color)),
        None => (1, None),
    };
    let mut ctx = Ctx {
        project,
        edit: Edit::new("Import codebook"),
        next_id: project.last_id.max(project.max_used_id()) + 1,
        default_colors,
    };
    walk(&mut ctx, parent, true, depth, inherited, &nodes);
    ctx.edit
}
