//! Where a run goes next in a version's step tree: into the branch a step took, else to
//! the next step at the same level, else back out to what follows the enclosing step.
use super::definition::{Definition, Step};

/// Which path a branching step took: Find Opportunity's `Opportunity Found` (0) or
/// `Opportunity Not Found` (1), an If/Else branch by position, or its None branch (last).
pub type Path = usize;

impl Definition {
    /// The step a new run starts with.
    pub fn first_step(&self) -> Option<u32> {
        self.steps.first().map(|s| s.key)
    }

    /// The step after `key`, once it finished and (for a branching step) took `path`.
    pub fn next_after(&self, key: u32, path: Option<Path>) -> Option<u32> {
        let trail = trail_to(&self.steps, key)?;
        let (step, _) = trail.last()?;
        if let Some(first) = path
            .and_then(|p| step.action.branches().get(p).copied())
            .and_then(|branch| branch.first())
        {
            return Some(first.key);
        }
        // Out of the step, then out of each enclosing branch that ends there.
        trail
            .iter()
            .rev()
            .find_map(|(_, siblings_after)| siblings_after.first().map(|s| s.key))
    }
}

/// The steps from the top of the tree down to `key`, each with the steps after it at
/// its own level.
fn trail_to(steps: &[Step], key: u32) -> Option<Vec<(&Step, &[Step])>> {
    for (i, step) in steps.iter().enumerate() {
        let after = &steps[i + 1..];
        if step.key == key {
            return Some(vec![(step, after)]);
        }
        for branch in step.action.branches() {
            if let Some(mut inner) = trail_to(branch, key) {
                inner.insert(0, (step, after));
                return Some(inner);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::definition::{Action, Branch, Pick};
    use super::*;

    fn note(key: u32) -> Step {
        Step {
            key,
            name: format!("Step {key}"),
            action: Action::AddNote { body: "hi".into() },
        }
    }

    fn tree() -> Definition {
        // 1, Find(2: found [3, If(4: [5] / none [6])], not found [7]), 8
        let if_else = Step {
            key: 4,
            name: "If".into(),
            action: Action::IfElse {
                branches: vec![Branch {
                    name: "Big".into(),
                    conditions: vec![],
                    steps: vec![note(5)],
                }],
                none: vec![note(6)],
            },
        };
        let find = Step {
            key: 2,
            name: "Find".into(),
            action: Action::FindOpportunity {
                pick: Pick::Latest,
                filters: vec![],
                found: vec![note(3), if_else],
                not_found: vec![note(7)],
            },
        };
        Definition {
            name: "Tree".into(),
            steps: vec![note(1), find, note(8)],
            ..Definition::default()
        }
    }

    #[test]
    fn runs_walk_into_the_path_taken_and_back_out() {
        let d = tree();
        let cases = [
            (1, None, Some(2)),
            (2, Some(0), Some(3)),
            (2, Some(1), Some(7)),
            (3, None, Some(4)),
            (4, Some(0), Some(5)),
            (4, Some(1), Some(6)),
            (5, None, Some(8)),
            (6, None, Some(8)),
            (7, None, Some(8)),
            (8, None, None),
            (99, None, None),
        ];
        for (key, path, next) in cases {
            assert_eq!(
                d.next_after(key, path),
                next,
                "after step {key} via {path:?}"
            );
        }
        assert_eq!(d.first_step(), Some(1));
    }

    #[test]
    fn an_empty_branch_goes_on_after_the_branching_step() {
        let mut d = tree();
        if let Action::FindOpportunity { not_found, .. } = &mut d.steps[1].action {
            not_found.clear();
        }
        assert_eq!(d.next_after(2, Some(1)), Some(8));
    }
}
