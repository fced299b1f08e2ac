use super::*;
use crate::domain::workflow::definition::{Branch, Pick};

fn note(key: u32) -> Step {
    Step {
        key,
        name: format!("Step {key}"),
        action: Action::AddNote { body: "hi".into() },
    }
}

/// 1, Find(2: found [3], not found [4]), If(5: A [6] / none [7]), 8
fn tree() -> Definition {
    let find = Step {
        key: 2,
        name: "Find".into(),
        action: Action::FindOpportunity {
            pick: Pick::Latest,
            filters: vec![],
            found: vec![note(3)],
            not_found: vec![note(4)],
        },
    };
    let if_else = Step {
        key: 5,
        name: "If".into(),
        action: Action::IfElse {
            branches: vec![Branch {
                name: "A".into(),
                conditions: vec![],
                steps: vec![note(6)],
            }],
            none: vec![note(7)],
        },
    };
    Definition {
        name: "Tree".into(),
        steps: vec![note(1), find, if_else, note(8)],
        ..Definition::default()
    }
}

fn keys(d: &Definition) -> Vec<u32> {
    d.all_steps().iter().map(|s| s.key).collect()
}

fn lane(parent: u32, path: usize) -> Lane {
    Lane {
        parent: Some(parent),
        path,
    }
}

#[test]
fn steps_are_found_in_their_lanes() {
    let d = tree();
    assert_eq!(d.locate(1), Some((Lane::TOP, 0)));
    assert_eq!(d.locate(4), Some((lane(2, 1), 0)));
    assert_eq!(d.locate(7), Some((lane(5, 1), 0)));
    assert_eq!(d.locate(99), None);
    assert_eq!(d.lane(lane(5, 0)).map(<[Step]>::len), Some(1));
    assert_eq!(d.lane(lane(1, 0)), None);
}

#[test]
fn inserting_puts_the_step_where_asked() {
    let mut d = tree();
    assert!(d.insert_step(lane(2, 1), 0, note(9)));
    assert!(d.insert_step(Lane::TOP, 99, note(10)));
    assert!(!d.insert_step(lane(1, 0), 0, note(11)));
    assert_eq!(keys(&d), [1, 2, 3, 9, 4, 5, 6, 7, 8, 10]);
}

#[test]
fn deleting_a_branching_step_takes_or_keeps_its_lanes() {
    let mut all = tree();
    all.remove_step(2, DeleteLanes::All);
    assert_eq!(keys(&all), [1, 5, 6, 7, 8]);
    let mut keep = tree();
    keep.remove_step(2, DeleteLanes::Keep(1));
    assert_eq!(keys(&keep), [1, 4, 5, 6, 7, 8]);
    assert_eq!(keep.locate(4), Some((Lane::TOP, 1)));
}

#[test]
fn moves_stay_out_of_the_moved_steps_own_lanes() {
    let mut d = tree();
    assert!(d.move_step(8, lane(2, 0), 0));
    assert_eq!(keys(&d), [1, 2, 8, 3, 4, 5, 6, 7]);
    assert!(!d.move_step(2, lane(2, 0), 0));
    assert!(!d.move_step(5, lane(5, 1), 0));
    assert!(d.move_step(5, Lane::TOP, 0));
    assert_eq!(d.locate(5), Some((Lane::TOP, 0)));
    assert!(d.shift_step(1, true));
    assert!(!d.shift_step(1, true));
    assert!(d.shift_step(8, false));
    assert!(!d.shift_step(8, false));
    assert_eq!(d.locate(8), Some((lane(2, 0), 1)));
}

#[test]
fn duplicates_get_new_keys_never_used_before() {
    let mut d = tree();
    let mut published = tree();
    published.steps.push(note(20));
    let copy = d.duplicate_step(2, Some(&published)).unwrap();
    assert_eq!(copy, 21);
    assert_eq!(keys(&d), [1, 2, 3, 4, 21, 22, 23, 5, 6, 7, 8]);
    assert_eq!(d.step(21).unwrap().name, "Find (copy)");
    assert_eq!(d.next_key(None), 24);
}

#[test]
fn replacing_keeps_the_place() {
    let mut d = tree();
    let mut edited = d.step(3).unwrap().clone();
    edited.name = "Renamed".into();
    assert!(d.replace_step(edited));
    assert_eq!(d.locate(3), Some((lane(2, 0), 0)));
    assert_eq!(d.step(3).unwrap().name, "Renamed");
    assert!(!d.replace_step(note(99)));
}
