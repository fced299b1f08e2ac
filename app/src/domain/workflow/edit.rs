//! The builder's edits of a draft's step tree: insert, move, duplicate, delete and
//! replace steps, each lane (the top, or one path of a branching step) a list of steps.
use super::definition::{Action, Definition, Step};
use super::navigate::Path;
use serde::{Deserialize, Serialize};

/// A list of steps: the top of the tree (`parent: None`), or path `path` of the
/// branching step `parent` (Find Opportunity: 0 found, 1 not found; If/Else: its
/// branches in order, then None).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lane {
    pub parent: Option<u32>,
    pub path: Path,
}

impl Lane {
    pub const TOP: Lane = Lane {
        parent: None,
        path: 0,
    };
}

/// What happens to a branching step's lanes when it is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteLanes {
    /// Its lanes' steps go with it.
    All,
    /// The steps of this path take its place; the other lanes go.
    Keep(Path),
}

impl Action {
    /// The step lists nested in this step, to edit (the same order as `branches`).
    fn branches_mut(&mut self) -> Vec<&mut Vec<Step>> {
        match self {
            Action::FindOpportunity {
                found, not_found, ..
            } => vec![found, not_found],
            Action::IfElse { branches, none } => branches
                .iter_mut()
                .map(|b| &mut b.steps)
                .chain([none])
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl Definition {
    /// A key no step of this draft or of `published` has: keys are never reused, so a
    /// version's steps and its run log keep meaning the same thing.
    pub fn next_key(&self, published: Option<&Definition>) -> u32 {
        let highest = |d: &Definition| d.all_steps().iter().map(|s| s.key).max().unwrap_or(0);
        highest(self).max(published.map_or(0, highest)) + 1
    }

    pub fn lane(&self, lane: Lane) -> Option<&[Step]> {
        match lane.parent {
            None => Some(&self.steps),
            Some(key) => self.step(key)?.action.branches().get(lane.path).copied(),
        }
    }

    fn lane_mut(&mut self, lane: Lane) -> Option<&mut Vec<Step>> {
        match lane.parent {
            None => Some(&mut self.steps),
            Some(key) => step_mut(&mut self.steps, key)?
                .action
                .branches_mut()
                .into_iter()
                .nth(lane.path),
        }
    }

    /// The lane a step is in and its position there.
    pub fn locate(&self, key: u32) -> Option<(Lane, usize)> {
        locate_in(&self.steps, Lane::TOP, key)
    }

    /// Puts `step` at `index` of `lane` (at its end when past it); false when the lane
    /// does not exist.
    pub fn insert_step(&mut self, lane: Lane, index: usize, step: Step) -> bool {
        let Some(steps) = self.lane_mut(lane) else {
            return false;
        };
        let index = index.min(steps.len());
        steps.insert(index, step);
        true
    }

    /// Takes a step out of the tree, with its lanes or keeping one of them in its place.
    pub fn remove_step(&mut self, key: u32, lanes: DeleteLanes) -> Option<Step> {
        let (lane, index) = self.locate(key)?;
        let steps = self.lane_mut(lane)?;
        let mut removed = steps.remove(index);
        if let DeleteLanes::Keep(path) = lanes {
            let kept = removed
                .action
                .branches_mut()
                .into_iter()
                .nth(path)
                .map(std::mem::take)
                .unwrap_or_default();
            for (offset, step) in kept.into_iter().enumerate() {
                steps.insert(index + offset, step);
            }
        }
        Some(removed)
    }

    /// Moves a step (with its lanes) to `index` of `lane`, counted as the lane is
    /// without the step; refused (false) into the step's own lanes.
    pub fn move_step(&mut self, key: u32, lane: Lane, index: usize) -> bool {
        if lane
            .parent
            .is_some_and(|p| p == key || self.step(key).is_some_and(|s| contains(s, p)))
        {
            return false;
        }
        if self.lane(lane).is_none() {
            return false;
        }
        let Some(step) = self.remove_step(key, DeleteLanes::All) else {
            return false;
        };
        self.insert_step(lane, index, step)
    }

    /// Moves a step one place up or down within its lane; false at the lane's end.
    pub fn shift_step(&mut self, key: u32, up: bool) -> bool {
        let Some((lane, index)) = self.locate(key) else {
            return false;
        };
        let Some(steps) = self.lane_mut(lane) else {
            return false;
        };
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|&i| i < steps.len())
        };
        match other {
            Some(other) => {
                steps.swap(index, other);
                true
            }
            None => false,
        }
    }

    /// Puts a copy of a step (and of its lanes, each step with a new key) right after it;
    /// returns the copy's key.
    pub fn duplicate_step(&mut self, key: u32, published: Option<&Definition>) -> Option<u32> {
        let mut next = self.next_key(published);
        let (lane, index) = self.locate(key)?;
        let mut copy = self.step(key)?.clone();
        rekey(&mut copy, &mut next);
        copy.name = format!("{} (copy)", copy.name);
        let copy_key = copy.key;
        self.insert_step(lane, index + 1, copy);
        Some(copy_key)
    }

    /// Replaces the step with `step`'s key by `step`, lanes and all (the side panel edits
    /// a copy of the whole step, and the canvas asks before changing the tree under it).
    pub fn replace_step(&mut self, step: Step) -> bool {
        match step_mut(&mut self.steps, step.key) {
            Some(current) => {
                *current = step;
                true
            }
            None => false,
        }
    }
}

fn step_mut(steps: &mut [Step], key: u32) -> Option<&mut Step> {
    for step in steps.iter_mut() {
        if step.key == key {
            return Some(step);
        }
        let inner = step
            .action
            .branches_mut()
            .into_iter()
            .find_map(|lane| step_mut(lane, key));
        if inner.is_some() {
            return inner;
        }
    }
    None
}

fn locate_in(steps: &[Step], lane: Lane, key: u32) -> Option<(Lane, usize)> {
    for (index, step) in steps.iter().enumerate() {
        if step.key == key {
            return Some((lane, index));
        }
        for (path, inner) in step.action.branches().into_iter().enumerate() {
            let inner_lane = Lane {
                parent: Some(step.key),
                path,
            };
            if let Some(found) = locate_in(inner, inner_lane, key) {
                return Some(found);
            }
        }
    }
    None
}

/// Whether `key` is a step inside `step`'s lanes.
fn contains(step: &Step, key: u32) -> bool {
    step.action
        .branches()
        .iter()
        .any(|lane| lane.iter().any(|s| s.key == key || contains(s, key)))
}

fn rekey(step: &mut Step, next: &mut u32) {
    step.key = *next;
    *next += 1;
    for lane in step.action.branches_mut() {
        for inner in lane.iter_mut() {
            rekey(inner, next);
        }
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
