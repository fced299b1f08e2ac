//! Unit tests for `domain::summary`: sentence splitting and sentence choice.
use super::*;

#[test]
fn sentences_are_cut_at_final_punctuation_only() {
    let cases: &[(&str, &[&str])] = &[
        (
            "We met the buyer. She liked it! Budget next?",
            &["We met the buyer.", "She liked it!", "Budget next?"],
        ),
        (
            "Mr. Smith and Dr. Jones signed. Done.",
            &["Mr. Smith and Dr. Jones signed.", "Done."],
        ),
        (
            "Some tools, e.g. the CRM, i.e. Dealflow, help. Yes.",
            &["Some tools, e.g. the CRM, i.e. Dealflow, help.", "Yes."],
        ),
        (
            "Acme Inc. signed the deal. Globex Corp. The rival.",
            &["Acme Inc. signed the deal.", "Globex Corp.", "The rival."],
        ),
        (
            "Growth was 3.5 percent, up from 2.1 last year. Good.",
            &["Growth was 3.5 percent, up from 2.1 last year.", "Good."],
        ),
        (
            "He said \"we will buy.\" Then he left...  Really?!",
            &["He said \"we will buy.\"", "Then he left...", "Really?!"],
        ),
        (
            "Call J. R. Ewing on Jan. 5 at noon. Fine.",
            &["Call J. R. Ewing on Jan. 5 at noon.", "Fine."],
        ),
        (
            "The proposal was sent to the whole buying committee\n\
             on Monday, and the champion forwarded it to finance\n\
             before the end of the week.",
            &[
                "The proposal was sent to the whole buying committee on Monday, \
               and the champion forwarded it to finance before the end of the week.",
            ],
        ),
        (
            "# Pricing\nThe price is firm.\n\nNext steps\nSend the contract today.",
            &[
                "Pricing",
                "The price is firm.",
                "Next steps",
                "Send the contract today.",
            ],
        ),
        (
            "Risks:\n- legal review is slow\n- budget freeze in Q3\n1. Call legal\n2) Ask finance",
            &[
                "Risks:",
                "legal review is slow",
                "budget freeze in Q3",
                "Call legal",
                "Ask finance",
            ],
        ),
        ("", &[]),
        (" \n\t\n ", &[]),
        ("...", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(split_sentences(text), *expected, "{text:?}");
    }
}

const PRICING_MEMO: &str = "\
The weather in Lisbon was sunny during our visit last spring.
The pricing proposal offers a volume discount on every licence tier.
Our team enjoyed the long lunch near the harbour with the visitors.
Licence pricing drops by ten percent when the discount tier is reached.
The office coffee machine was broken again on Tuesday morning.
Finance approved the discount, so the licence pricing is final.";

#[test]
fn picks_the_sentences_about_the_dominant_topic_in_text_order() {
    let summary = extractive_summary(PRICING_MEMO, 3);
    assert_eq!(
        summary,
        [
            "The pricing proposal offers a volume discount on every licence tier.",
            "Licence pricing drops by ten percent when the discount tier is reached.",
            "Finance approved the discount, so the licence pricing is final.",
        ]
    );
}

#[test]
fn keeps_original_order_when_the_best_sentence_comes_last() {
    let text = "Renewal terms need a signature from the legal team. \
        Lunch was pleasant and the view was lovely today. \
        Renewal renewal terms: the renewal contract renewal terms are agreed.";
    let summary = extractive_summary(text, 2);
    assert_eq!(
        summary,
        [
            "Renewal terms need a signature from the legal team.",
            "Renewal renewal terms: the renewal contract renewal terms are agreed.",
        ]
    );
}

#[test]
fn short_or_empty_texts_give_what_they_have() {
    let cases: &[(&str, usize, &[&str])] = &[
        ("", 3, &[]),
        ("   \n\n\t ", 3, &[]),
        (PRICING_MEMO, 0, &[]),
        (
            "Acme wants the enterprise plan. They sign in May.",
            3,
            &["Acme wants the enterprise plan.", "They sign in May."],
        ),
        // Nothing reaches four words, so the short ones are all there is.
        ("Hello there. Bye.", 3, &["Hello there.", "Bye."]),
    ];
    for (text, max, expected) in cases {
        assert_eq!(extractive_summary(text, *max), *expected, "{text:?}");
    }
}

#[test]
fn headings_and_repeated_page_headers_do_not_crowd_out_sentences() {
    let text = "Acme Corp Confidential\nQuarterly review\n\
        Acme expanded the contract to three more regions this quarter.\n\n\
        Acme Corp Confidential\nAcme plans a pilot of the analytics module in June.";
    let summary = extractive_summary(text, SUMMARY_SENTENCES);
    assert_eq!(
        summary,
        [
            "Acme expanded the contract to three more regions this quarter.",
            "Acme plans a pilot of the analytics module in June.",
        ]
    );
}

#[test]
fn overlong_sentences_are_cut_when_nothing_else_fits() {
    let long = vec!["word"; 70].join(" ");
    let summary = extractive_summary(&long, 3);
    let expected = format!("{}…", vec!["word"; MAX_WORDS].join(" "));
    assert_eq!(summary, [expected]);

    let mixed = format!("{long}. The buyer agreed to the revised timeline.");
    assert_eq!(
        extractive_summary(&mixed, 3),
        ["The buyer agreed to the revised timeline."]
    );
}

#[test]
fn a_megabyte_of_text_is_read_only_up_to_the_cap() {
    let paragraph = "The customer asked for a detailed quote on the premium support plan. \
        Delivery dates depend on the integration partner and the data migration.\n\n";
    let text = paragraph.repeat(1_000_000 / paragraph.len() + 1);
    assert!(text.len() > 1_000_000);
    let summary = extractive_summary(&text, SUMMARY_SENTENCES);
    // Repeats are dropped: only the two sentences, and perhaps one cut off by
    // the cap, are left to choose from.
    assert!((2..=3).contains(&summary.len()), "{summary:?}");
    assert!(
        summary.iter().all(|s| paragraph.contains(s.as_str())),
        "{summary:?}"
    );
    assert_eq!(
        leading_chars(&text, MAX_INPUT_CHARS).chars().count(),
        MAX_INPUT_CHARS
    );
}

#[test]
fn stop_words_are_distinct_lower_case_words() {
    let words: Vec<&str> = STOP_WORDS.split_whitespace().collect();
    let distinct: HashSet<&str> = words.iter().copied().collect();
    assert_eq!(distinct.len(), words.len());
    assert!(words.len() >= 100, "{}", words.len());
    assert!(words
        .iter()
        .all(|word| word.len() > 2 && word.chars().all(|c| c.is_ascii_lowercase())));
}
